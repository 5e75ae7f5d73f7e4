using Kiln.Core.Baking;
using Kiln.Core.Groups;
using Kiln.Gcp;
using Kiln.Gcp.Auth;
using Kiln.Gcp.Deploy;
using Kiln.Server.Groups;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Server.Tests.Groups;

/// <summary>The groups page reads every group at once, each within one timeout: a cloud that never answers, or one that
/// cannot be reached, makes its group unknown and holds the page no longer than the timeout.</summary>
public sealed class GroupServiceTests
{
    private static readonly GroupState Serving = new("fast", [new GroupMember("fast", true, [new GroupVersion("fast-img", "img", 2)], 2, 2, new GroupHealth(2, 2))]);

    /// <summary>Readers by group; a group this test did not name is a loud failure.</summary>
    private sealed class Readers(IReadOnlyDictionary<string, IGroupStateReader> byGroup) : IGroupReaders
    {
        public Task<IGroupStateReader> ForAsync(JobDefinition job, CancellationToken ct) =>
            Task.FromResult(byGroup.TryGetValue(job.Group!, out var r) ? r : throw new InvalidOperationException($"unexpected group {job.Group}"));
    }

    private sealed class Answers(GroupState state) : IGroupStateReader
    {
        public Task<GroupState> ReadAsync(string deploy, CancellationToken ct) => Task.FromResult(state);
    }

    /// <summary>A cloud that takes the call and never answers, whatever the token says.</summary>
    private sealed class NeverAnswers : IGroupStateReader
    {
        public Task<GroupState> ReadAsync(string deploy, CancellationToken ct) => new TaskCompletionSource<GroupState>().Task;
    }

    private static StaticJobCatalog Jobs(params string[] groups) =>
        new(groups.Select(g => new JobDefinition($"deploy-{g}", JobKind.Deploy, "f", g)).ToList());

    [Fact]
    public async Task Groups_are_read_at_once_and_a_silent_cloud_costs_one_timeout()
    {
        var clock = new FakeTimeProvider();
        var service = new GroupService(Jobs("slow-a", "slow-b", "fast"), new Readers(new Dictionary<string, IGroupStateReader>
        {
            ["slow-a"] = new NeverAnswers(), ["slow-b"] = new NeverAnswers(), ["fast"] = new Answers(Serving),
        }), clock) { ReadTimeout = TimeSpan.FromSeconds(3) };

        var page = service.ListAsync(CancellationToken.None);
        // Read one after another, the second silent group's timeout would start only after the first's ran out.
        clock.Advance(TimeSpan.FromSeconds(3));
        var views = await page.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["fast", "slow-a", "slow-b"], views.Select(v => v.Group));
        Assert.Equal(Serving, views[0].State);
        Assert.All(views.Skip(1), v => Assert.Equal((null, "the cloud did not answer within 3 s"), (v.State, v.Unknown)));
        Assert.Equal("img", (await service.CurrentAsync(["fast"], CancellationToken.None))["fast"]?.Value);
    }

    [Fact]
    public async Task An_unreachable_compute_engine_makes_its_group_unknown_not_the_page_an_error()
    {
        // A port nothing listens on: every call is refused (and retried by the client's policies) until the timeout.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var gce = GceCloudFactory.Create(new CloudSpec(CloudKind.LocalGcp) { Project = GceDefaults.LocalProject, Zone = GceDefaults.LocalZone },
            new Uri($"http://127.0.0.1:{port}/compute/v1/"), new NoCredentials());
        var service = new GroupService(Jobs("web"), new Readers(new Dictionary<string, IGroupStateReader> { ["web"] = new GceGroupReader(gce) }),
            TimeProvider.System) { ReadTimeout = TimeSpan.FromSeconds(2) };

        var views = await service.ListAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var web = Assert.Single(views);
        Assert.Null(web.State);
        Assert.Contains(web.Unknown, new[] { "the cloud did not answer within 2 s", "the cloud could not be reached", "the cloud could not be read" });
    }
}
