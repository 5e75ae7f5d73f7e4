using System.Diagnostics;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;
using Kiln.LocalCloud.Tests.Integration;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>Twenty create / delete cycles leave nothing behind: the first of each of four workers by `gcloud compute
/// instances create` / `delete`, the other sixteen by the same API calls (insert, wait, get, delete, wait) made directly:
/// what is counted is the endpoint's clean-up, and each gcloud process is seconds of Python.</summary>
[Collection(GceCyclesCollection.Name)]
public sealed class GcloudCycleTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    private const string Zone = "projects/kiln-local/zones/us-central1-a";

    [Fact]
    public async Task Twenty_create_and_delete_cycles_by_gcloud_and_the_api_leave_no_container_address_disk_or_operation_behind()
    {
        // An endpoint of its own with a clock the test moves, to see operations expire.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LocalCloudServer.StartAsync(cloud.Paths, null, new LocalCloudServerOptions(Clock: clock), CancellationToken.None);
        var timer = Stopwatch.StartNew();
        var machines = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            using var gcloud = new Gcloud(server);
            using var api = new GceHttp(server);
            for (var n = 0; n < 5; n++)
            {
                var name = $"cycle-{worker}-{n}";
                var created = n == 0
                    ? (await gcloud.JsonAsync("compute", "instances", "create", name, "--image-family", "debian-12", "--image-project", "debian-cloud"))[0]
                    : await CreateAsync(api, name);
                Assert.Equal("RUNNING", created.GetProperty("status").GetString());
                machines.Add($"gce-{created.GetProperty("id").GetString()}");
                if (n == 0) await gcloud.JsonAsync("compute", "instances", "delete", name);
                else await WaitAsync(api, GceHttp.Ok(await api.DeleteAsync($"{Zone}/instances/{name}")));
            }
        }));
        output.WriteLine($"20 cycles in {timer.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(20, machines.Count);
        var containers = await Integration.Podman.ContainersOf(cloud);
        Assert.DoesNotContain(containers, c => machines.Contains(c["kiln-".Length..]));
        Assert.DoesNotContain(machines, m => Directory.Exists(cloud.Layout.InstanceDirectory(m)));
        var state = new StateStore(cloud.Layout.StateDatabase);
        var (instances, disks, addresses, unfinished) = state.Read(tx => (
            tx.All<GceInstanceRecord>(nameGlobs: ["*/instances/cycle-*"]).Count,
            tx.All<GceDiskRecord>(nameGlobs: ["*/disks/cycle-*"]).Count,
            tx.All<AddressRecord>().Count(a => machines.Contains(a.InstanceId)),
            tx.All<GceOperationRecord>().Count(o => o.Status != "DONE")));
        Assert.Equal((0, 0, 0, 0), (instances, disks, addresses, unfinished));
        Assert.True(state.Read(tx => tx.Count<GceOperationRecord>()) >= 40);

        // Operations are kept an hour, as answers to wait and get; then they go, with the next one recorded.
        clock.Advance(Kiln.LocalCloud.Gce.Operations.GceOperations.KeptFor + TimeSpan.FromMinutes(1));
        using var api = new GceHttp(server);
        GceHttp.Ok(await api.PostAsync("projects/kiln-local/global/firewalls", new { name = "cycle-last", allowed = new[] { new { IPProtocol = "tcp" } } }));
        GceHttp.Ok(await api.DeleteAsync("projects/kiln-local/global/firewalls/cycle-last"));
        // Only the two just made (the rule's insert and delete) are left.
        Assert.Equal(2, state.Read(tx => tx.Count<GceOperationRecord>()));
        Assert.DoesNotContain(await Integration.Podman.GceImagesOf(cloud), t => t.Contains(":disk-", StringComparison.Ordinal));
        Assert.DoesNotContain(state.Read(tx => tx.All<GceOperationRecord>()), o => o.Errors is not null && o.TargetLink.Contains("/cycle-"));
    }

    /// <summary>What `gcloud compute instances create` does: insert, wait for the operation, get the instance.</summary>
    private static async Task<System.Text.Json.JsonElement> CreateAsync(GceHttp api, string name)
    {
        await WaitAsync(api, GceHttp.Ok(await api.PostAsync($"{Zone}/instances", GceHttp.Instance(name))));
        return GceHttp.Ok(await api.GetAsync($"{Zone}/instances/{name}"));
    }

    private static async Task WaitAsync(GceHttp api, System.Text.Json.JsonElement operation)
    {
        var done = GceHttp.Ok(await api.PostAsync($"{Zone}/operations/{operation.GetProperty("name").GetString()}/wait", null));
        while (done.GetProperty("status").GetString() != "DONE")
            done = GceHttp.Ok(await api.PostAsync($"{Zone}/operations/{operation.GetProperty("name").GetString()}/wait", null));
        Assert.False(done.TryGetProperty("error", out var error), $"{done.GetProperty("operationType")}: {error}");
    }
}
