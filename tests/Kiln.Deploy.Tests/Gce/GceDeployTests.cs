using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Deploy.Tests.Integration;
using Kiln.Gcp.Deploy;
using Kiln.History;
using Xunit.Abstractions;

namespace Kiln.Deploy.Tests.Gce;

/// <summary>Deploys on the local cloud's Compute Engine with a client sending requests without pause through the
/// forwarding rule.</summary>
[Collection(GceDeployCollection.Name)]
public sealed class GceDeployTests(GceDeployFixture cloud, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private DeployRequest Request(DeployKind kind, string group, DeployStrategy strategy = DeployStrategy.Rolling) =>
        new(RunId.New(TimeProvider.System), kind, GceDeployFixture.Family, group, strategy, $"test {kind} {group}");

    private async Task<DeployResult> RunAsync(DeployRequest request)
    {
        await using var log = new RunLogWriter(cloud.Store, request.Run, new TestOutputWriter(output), TimeProvider.System);
        var result = await cloud.Engine().RunAsync(request, log, null, None);
        output.WriteLine($"{request.Kind} {DeployStrategies.Name(request.Strategy)}: {result.Outcome} in {result.Seconds:0.0} s (serving after {result.SwitchSeconds:0.0} s) {result.Error}");
        return result;
    }

    [Fact]
    public async Task Create_rolling_blue_green_canary_promote_and_rollback_without_a_failed_request()
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        var created = await RunAsync(Request(DeployKind.Create, "gweb") with
        {
            Image = new ImageId(cloud.Gen1), Create = new CreateOptions("gweb", port, 2, port, null, "e2-small"),
        });
        Assert.True(created.Succeeded, created.Error);
        await using var client = new TrafficClient(port, TimeSpan.FromMinutes(10));
        await client.WaitForAsync(cloud.Gen1, TimeSpan.FromSeconds(20));

        var rolling = await RunAsync(Request(DeployKind.Deploy, "gweb") with { Image = new ImageId(cloud.Gen2) });
        Assert.True(rolling.Succeeded, rolling.Error);
        Assert.Equal(("gweb", cloud.Gen2, "rolling"), (rolling.Group, rolling.Image, rolling.Strategy));
        await client.WaitForAsync(cloud.Gen2, TimeSpan.FromSeconds(20));

        var blueGreen = await RunAsync(Request(DeployKind.Deploy, "gweb", DeployStrategy.BlueGreen) with { Image = new ImageId(cloud.Gen1) });
        Assert.True(blueGreen.Succeeded, blueGreen.Error);
        Assert.Equal(("gweb-v002", "gweb", cloud.Gen1), (blueGreen.Group, blueGreen.PreviousGroup, blueGreen.Image));
        await client.WaitForAsync(cloud.Gen1, TimeSpan.FromSeconds(20));
        var old = await cloud.Cloud.Api.GetGroupManagerAsync(cloud.Cloud.Where.Project, cloud.Cloud.Where.Zone, "gweb", None);
        Assert.Equal(0, old!.TargetSize);  // kept for rollback, out of service

        var canary = await RunAsync(Request(DeployKind.Deploy, "gweb", DeployStrategy.Canary) with { Image = new ImageId(cloud.Gen2), CanaryPercent = 50 });
        Assert.True(canary.Succeeded, canary.Error);
        var group = await cloud.Cloud.Api.GetGroupManagerAsync(cloud.Cloud.Where.Project, cloud.Cloud.Where.Zone, "gweb-v002", None);
        Assert.Equal(2, group!.Versions!.Count);
        var promoted = await RunAsync(Request(DeployKind.Deploy, "gweb") with { Promote = true });
        Assert.True(promoted.Succeeded, promoted.Error);
        Assert.Equal(cloud.Gen2, promoted.Image);
        await client.WaitForAsync(cloud.Gen2, TimeSpan.FromSeconds(20));

        var rolledBack = await RunAsync(Request(DeployKind.Rollback, "gweb"));
        Assert.True(rolledBack.Succeeded, rolledBack.Error);
        Assert.Equal(cloud.Gen1, rolledBack.Image);
        await client.WaitForAsync(cloud.Gen1, TimeSpan.FromSeconds(20));
        await client.StopAsync();
        output.WriteLine($"{client.Sent} requests in {clock.Elapsed.TotalSeconds:0.0} s, {client.Failures.Count} failed; answers {string.Join(" → ", client.Sequence())}");

        Assert.Empty(client.Failures);
        Assert.True(client.Sent >= 1000, $"only {client.Sent} requests");
        Assert.All(client.Sequence(), a => Assert.Contains(a, new[] { cloud.Gen1, cloud.Gen2 }));
        var run = await cloud.Store.GetRunAsync(new RunId(rolling.Run), None);
        Assert.Equal(["check", "create-template", "rolling-update", "wait-healthy", "record-rollback"], run!.Steps.Select(s => s.Name));
        var inUse = await cloud.Cloud.FindImagesInUseAsync(None);
        Assert.Contains(new ImageId(cloud.Gen1), inUse.Keys);
        Assert.Contains(new ImageId(cloud.Gen2), inUse.Keys);
    }

    [Fact]
    public async Task Create_refuses_a_port_in_use_and_a_machine_type_the_zone_does_not_have_before_anything_is_made()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var e = await Assert.ThrowsAsync<KilnInputException>(() => RunAsync(Request(DeployKind.Create, "gbad") with
        {
            Create = new CreateOptions("gbad", port, 2, port, null, "e2-nonesuch"),
        }));
        Assert.Contains(e.Problems, p => p.Contains($"port {port} is in use", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("machine type 'e2-nonesuch'", StringComparison.Ordinal));
        Assert.DoesNotContain(await cloud.Cloud.Api.ListGroupManagersAsync(cloud.Cloud.Where.Project, cloud.Cloud.Where.Zone, None), g => g.Name == "gbad");
        Assert.Null(await cloud.Cloud.Api.GetInstanceTemplateAsync(cloud.Cloud.Where.Project, GceDeployNames.Template("gbad", cloud.Gen2), None));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
