using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;
using Kiln.LocalCloud.Tests.Integration;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>Twenty create/delete cycles of a managed instance group behind a forwarding rule leave nothing behind.</summary>
[Collection(GceCyclesCollection.Name)]
public sealed class GroupCycleTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    private const string P = "projects/kiln-local";
    private const string Zone = P + "/zones/us-central1-a";
    private const string Region = P + "/regions/us-central1";

    [Fact]
    public async Task Twenty_cycles_of_a_group_behind_a_forwarding_rule_leave_no_container_address_listener_template_or_operation_behind()
    {
        using var api = new GceHttp(cloud.Server);
        var state = new StateStore(cloud.Layout.StateDatabase);
        var operationsBefore = state.Read(tx => tx.Count<GceOperationRecord>());
        // sshd answers on port 22 of every instance: the check and the forwarding need no web server.
        GceHttp.Ok(await api.PostAsync($"{P}/global/healthChecks", new JsonObject
        {
            ["name"] = "gcy-ssh", ["type"] = "TCP", ["tcpHealthCheck"] = new JsonObject { ["port"] = 22 },
            ["checkIntervalSec"] = 1, ["timeoutSec"] = 1, ["healthyThreshold"] = 1,
        }));
        var timer = Stopwatch.StartNew();
        var machines = new System.Collections.Concurrent.ConcurrentBag<string>();
        var addresses = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var n = 0; n < 5; n++)
            {
                var name = $"gcy-{worker}-{n}";
                GceHttp.Ok(await api.PostAsync($"{P}/global/instanceTemplates", Template(name)));
                GceHttp.Ok(await api.PostAsync($"{Zone}/instanceGroupManagers", new JsonObject
                {
                    ["name"] = name, ["instanceTemplate"] = $"global/instanceTemplates/{name}", ["targetSize"] = 1,
                }));
                GceHttp.Ok(await api.PostAsync($"{Region}/backendServices", new JsonObject
                {
                    ["name"] = name, ["protocol"] = "TCP", ["loadBalancingScheme"] = "EXTERNAL",
                    ["healthChecks"] = new JsonArray($"{P}/global/healthChecks/gcy-ssh"),
                    ["backends"] = new JsonArray(new JsonObject { ["group"] = $"{Zone}/instanceGroups/{name}" }),
                }));
                GceHttp.Ok(await api.PostAsync($"{Region}/forwardingRules", new JsonObject
                {
                    ["name"] = name, ["IPProtocol"] = "TCP", ["portRange"] = "22", ["backendService"] = $"{Region}/backendServices/{name}",
                }));
                var ip = GceHttp.Ok(await api.GetAsync($"{Region}/forwardingRules/{name}")).GetProperty("IPAddress").GetString()!;
                addresses.Add(ip);
                // Through the rule to the group's instance: sshd's banner.
                string banner;
                try { banner = await BannerAsync(ip); }
                catch (TimeoutException e)
                {
                    var health = await api.PostAsync($"{Region}/backendServices/{name}/getHealth", new { group = $"{Zone}/instanceGroups/{name}" });
                    var managed = await api.PostAsync($"{Zone}/instanceGroupManagers/{name}/listManagedInstances", null);
                    throw new TimeoutException($"{e.Message}; health {health.Body}; members {managed.Body}");
                }
                Assert.StartsWith("SSH-2.0", banner);
                var members = GceHttp.Ok(await api.PostAsync($"{Zone}/instanceGroupManagers/{name}/listManagedInstances", null));
                machines.Add($"gce-{members.GetProperty("managedInstances")[0].GetProperty("id").GetString()}");

                GceHttp.Ok(await api.DeleteAsync($"{Region}/forwardingRules/{name}"));
                GceHttp.Ok(await api.DeleteAsync($"{Region}/backendServices/{name}"));
                GceHttp.Ok(await api.DeleteAsync($"{Zone}/instanceGroupManagers/{name}"));
                GceHttp.Ok(await api.DeleteAsync($"{P}/global/instanceTemplates/{name}"));
            }
        }));
        GceHttp.Ok(await api.DeleteAsync($"{P}/global/healthChecks/gcy-ssh"));
        output.WriteLine($"20 cycles in {timer.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(20, machines.Count);
        var containers = await Integration.Podman.ContainersOf(cloud);
        Assert.DoesNotContain(containers, c => machines.Contains(c["kiln-".Length..]));
        Assert.DoesNotContain(machines, m => Directory.Exists(cloud.Layout.InstanceDirectory(m)));
        var left = state.Read(tx => (
            Instances: tx.All<GceInstanceRecord>(nameGlobs: ["*/instances/gcy-*"]).Count,
            Groups: tx.All<GceInstanceGroupManagerRecord>(nameGlobs: ["*/gcy-*"]).Count,
            Templates: tx.All<GceInstanceTemplateRecord>(nameGlobs: ["*/gcy-*"]).Count,
            Services: tx.All<GceBackendServiceRecord>(nameGlobs: ["*/gcy-*"]).Count,
            Rules: tx.All<GceForwardingRuleRecord>(nameGlobs: ["*/gcy-*"]).Count,
            Addresses: tx.All<AddressRecord>().Count(a => machines.Contains(a.InstanceId) || a.InstanceId.StartsWith("gce-fr-", StringComparison.Ordinal)),
            Health: tx.All<TargetHealthRecord>().Count(h => h.Id.Contains("/gcy-", StringComparison.Ordinal)),
            Unfinished: tx.All<GceOperationRecord>().Count(o => o.Status != "DONE")));
        Assert.Equal((0, 0, 0, 0, 0, 0, 0, 0), left);
        // Every call's operation is recorded (9 a cycle, 2 for the check), DONE, and none failed.
        Assert.True(state.Read(tx => tx.Count<GceOperationRecord>()) - operationsBefore >= 20 * 8 + 2);
        Assert.DoesNotContain(state.Read(tx => tx.All<GceOperationRecord>()), o => o.Errors is not null && o.TargetLink.Contains("/gcy-"));
        // No listener is left on any rule's address (the controller stops it at its next tick).
        await GcloudGroupsTests.WaitAsync(async () =>
        {
            foreach (var ip in addresses)
                if (await AcceptsAsync(ip)) return false;
            return true;
        }, seconds: 10);
    }

    private static JsonObject Template(string name) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["machineType"] = "e2-small",
            ["disks"] = new JsonArray(new JsonObject
            {
                ["boot"] = true, ["autoDelete"] = true,
                ["initializeParams"] = new JsonObject { ["sourceImage"] = "projects/debian-cloud/global/images/family/debian-12" },
            }),
            ["networkInterfaces"] = new JsonArray(new JsonObject { ["network"] = "global/networks/default" }),
        },
    };

    /// <summary>The first line the rule's port answers with, retrying while the group's instance comes up.</summary>
    private static async Task<string> BannerAsync(string ip)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
                await client.ConnectAsync(ip, 22, timeout.Token);
                var buffer = new byte[64];
                var n = await client.GetStream().ReadAsync(buffer, timeout.Token);
                if (n > 0) return Encoding.ASCII.GetString(buffer, 0, n);
            }
            catch (Exception) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ip}:22 gave no banner within 60 s");
            await Task.Delay(250);
        }
    }

    private static async Task<bool> AcceptsAsync(string ip)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync(ip, 22).WaitAsync(TimeSpan.FromSeconds(1)); return true; }
        catch (Exception) { return false; }
    }
}
