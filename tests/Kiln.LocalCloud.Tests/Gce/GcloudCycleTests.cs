using System.Diagnostics;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;
using Kiln.LocalCloud.Tests.Integration;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>Twenty `gcloud compute instances create` / `delete` cycles leave nothing behind.</summary>
[Collection(GceCyclesCollection.Name)]
public sealed class GcloudCycleTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_gcloud_create_and_delete_cycles_leave_no_container_address_disk_or_operation_behind()
    {
        // An endpoint of its own with a clock the test moves, to see operations expire.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LocalCloudServer.StartAsync(cloud.Paths, null, new LocalCloudServerOptions(Clock: clock), CancellationToken.None);
        var timer = Stopwatch.StartNew();
        var machines = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Four workers of five cycles: gcloud's start (a few seconds of Python) dominates, not the endpoint.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            using var gcloud = new Gcloud(server);
            for (var n = 0; n < 5; n++)
            {
                var name = $"cycle-{worker}-{n}";
                var created = await gcloud.JsonAsync("compute", "instances", "create", name, "--image-family", "debian-12",
                    "--image-project", "debian-cloud");
                Assert.Equal("RUNNING", created[0].GetProperty("status").GetString());
                machines.Add($"gce-{created[0].GetProperty("id").GetString()}");
                await gcloud.JsonAsync("compute", "instances", "delete", name);
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
}
