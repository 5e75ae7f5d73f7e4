using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.History;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Setup;

namespace Kiln.EndToEnd.Tests.LocalCloud;

/// <summary>`kiln local-cloud remove` as a user runs it: two homes on one podman, each initialised, one also holding
/// what a bake and a Compute Engine image leave in podman (a container with the home's label, a name in each
/// repository). Only the removed home's objects go, and only with --yes, and never while its endpoint serves.</summary>
public sealed class LocalCloudRemoveTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("kiln-remove-").FullName;
    private readonly string _other = Directory.CreateTempSubdirectory("kiln-remove-other-").FullName;
    private readonly PodmanClient _podman = new();
    private LocalCloudLayout Layout => new(new KilnPaths(_home));

    public async Task InitializeAsync()
    {
        foreach (var home in new[] { _home, _other })
        {
            var init = await KilnProcess.RunAsync(home, ["local-cloud", "init"]);
            Assert.True(init.ExitCode == 0, init.ToString());
        }
        await _podman.CheckAsync(["create", "--name", $"kiln-remove-{Layout.HomeHash}", "--label", $"kiln.home={Layout.HomeHash}",
            BaseImage.PodmanName, "true"], CancellationToken.None);
        await _podman.TagAsync(BaseImage.PodmanName, Layout.GcePodmanImage("image-1"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var home in new[] { _home, _other })
        {
            await LocalCloudRemoval.RemoveAsync(new KilnPaths(home), _podman, CancellationToken.None);
            Directory.Delete(home, recursive: true);
        }
    }

    private Task<LocalCloudFootprint> FootprintAsync(string home) =>
        LocalCloudRemoval.FootprintAsync(new KilnPaths(home), _podman, CancellationToken.None);

    [Fact]
    public async Task Without_yes_it_lists_and_keeps_everything_with_yes_only_this_homes_objects_go()
    {
        var before = await FootprintAsync(_home);
        Assert.Single(before.Containers);
        Assert.Equal(2, before.Images.Count); // the base AMI's name and the Compute Engine image's
        var other = await FootprintAsync(_other);

        var asked = await KilnProcess.RunAsync(_home, ["local-cloud", "remove"]);
        Assert.True(asked.ExitCode == 2, asked.ToString());
        Assert.Contains("add --yes", asked.Stderr);
        foreach (var name in before.Containers.Concat(before.Images)) Assert.Contains(name, asked.Stdout);
        Assert.Equal(Shape(before), Shape(await FootprintAsync(_home)));

        var removed = await KilnProcess.RunAsync(_home, ["local-cloud", "remove", "--yes"]);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains("removed 1 container(s), 2 image name(s)", removed.Stdout);
        Assert.True((await FootprintAsync(_home)).IsEmpty);
        Assert.True(await _podman.ImageExistsAsync(BaseImage.PodmanName, CancellationToken.None), "the machine's base image went too");
        Assert.Equal(Shape(other), Shape(await FootprintAsync(_other)));

        var again = await KilnProcess.RunAsync(_home, ["local-cloud", "remove", "--yes"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing", again.Stdout);
    }

    [Fact]
    public async Task A_serving_endpoint_is_named_and_nothing_is_removed()
    {
        var before = await FootprintAsync(_other);
        using var serve = KilnProcess.Start(_other, ["local-cloud", "serve"]);
        await serve.WaitForLineAsync(l => l.StartsWith("local cloud listening on", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        var refused = await KilnProcess.RunAsync(_other, ["local-cloud", "remove", "--yes"]);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("local-cloud serve", refused.Stderr);
        Assert.Contains("is listening on http://127.0.0.1:", refused.Stderr);
        serve.Signal(KilnProcess.SIGTERM);
        await serve.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Shape(before), Shape(await FootprintAsync(_other)));
    }

    [Fact]
    public async Task A_live_bake_on_this_host_holds_removal_back_and_one_on_another_host_does_not()
    {
        var started = DateTimeOffset.UtcNow;
        await using (var store = new SqliteRunStore(new KilnPaths(_other).HistoryDatabase))
        {
            // This test's own process stands for a bake still running here.
            await store.CreateRunAsync(new RunStart(new RunId("kiln-here"), "bake", "fam-here", "bake", "alice", "local", started,
                Environment.MachineName, Environment.ProcessId), default);
            await store.CreateRunAsync(new RunStart(new RunId("kiln-there"), "bake", "fam-there", "bake", "alice", "local", started,
                "elsewhere", 1), default);
        }
        var before = await FootprintAsync(_other);

        var refused = await KilnProcess.RunAsync(_other, ["local-cloud", "remove", "--yes"]);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"run kiln-here on the local cloud is not finished: its process {Environment.ProcessId} is still running", refused.Stderr);
        Assert.DoesNotContain("kiln-there", refused.Output);
        Assert.Equal(Shape(before), Shape(await FootprintAsync(_other)));

        await using (var store = new SqliteRunStore(new KilnPaths(_other).HistoryDatabase))
            await store.FinishRunAsync(new RunId("kiln-here"), RunOutcome.Succeeded, null, null, null, default);
        var removed = await KilnProcess.RunAsync(_other, ["local-cloud", "remove", "--yes"]);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.True((await FootprintAsync(_other)).IsEmpty);
    }

    /// <summary>What a footprint holds, in an order of its own (podman lists names in no fixed order).</summary>
    private static string Shape(LocalCloudFootprint f) =>
        $"{f.DirectoryExists} [{string.Join(" ", f.Containers)}] [{string.Join(" ", f.Images.Order(StringComparer.Ordinal))}]";
}
