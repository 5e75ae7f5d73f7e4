using System.Diagnostics;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Core.Groups;
using Kiln.History;
using Xunit.Abstractions;

namespace Kiln.Deploy.Tests.Integration;

/// <summary>Deploys on the local cloud with a client sending requests without pause through the target group.</summary>
[Collection(DeployCollection.Name)]
public sealed class DeployTests(DeployFixture cloud, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private DeployRequest Request(DeployKind kind, string group, DeployStrategy strategy = DeployStrategy.BlueGreen) =>
        new(RunId.New(TimeProvider.System), kind, DeployFixture.Family, group, strategy, $"test {kind} {group}");

    private async Task<DeployResult> RunAsync(DeployRequest request, DeployTimings? timings = null)
    {
        await using var log = new RunLogWriter(cloud.Store, request.Run, new TestOutputWriter(output), TimeProvider.System);
        return await cloud.Engine(timings).RunAsync(request, log, null, None);
    }

    private async Task<int> CreateAsync(string group, ImageId image)
    {
        var port = FreePort();
        var created = await RunAsync(Request(DeployKind.Create, group) with { Image = image, Create = new CreateOptions(group, port, 2) });
        Assert.True(created.Succeeded, created.Error);
        return port;
    }

    [Fact]
    public async Task Blue_green_then_rollback_switch_without_a_failed_request_and_never_go_back()
    {
        var port = await CreateAsync("web", cloud.Gen1);
        await using var client = new TrafficClient(port);
        await client.WaitForAsync(cloud.Gen1.Value, TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        var deployed = await RunAsync(Request(DeployKind.Deploy, "web"));
        Assert.True(deployed.Succeeded, deployed.Error);
        Assert.Equal(("web-v002", "web", cloud.Gen2.Value), (deployed.Group, deployed.PreviousGroup, deployed.Image)); // default: newest
        await client.WaitForAsync(cloud.Gen2.Value, TimeSpan.FromSeconds(10));
        var switched = client.FirstAnswer(cloud.Gen2.Value);
        var old = await cloud.Cloud.AutoScaling.GetAutoScalingGroupAsync("web", None);
        Assert.Equal((0, 0), (old!.DesiredCapacity, old.TargetGroupArns.Count)); // kept for rollback, out of service
        output.WriteLine($"blue/green: {deployed.Seconds:0.0} s, new group healthy after {deployed.SwitchSeconds:0.0} s, first new answer at {switched.TotalSeconds:0.0} s of the client; {client.Sent} requests so far, {client.Failures.Count} failed");

        var rolledBack = await RunAsync(Request(DeployKind.Rollback, "web"));
        Assert.True(rolledBack.Succeeded, rolledBack.Error);
        Assert.Equal(("web", cloud.Gen1.Value), (rolledBack.Group, rolledBack.Image));
        await client.WaitForAsync(cloud.Gen1.Value, TimeSpan.FromSeconds(10));
        await client.StopAsync();
        output.WriteLine($"rollback: {rolledBack.Seconds:0.0} s (healthy after {rolledBack.SwitchSeconds:0.0} s); {client.Sent} requests in all, {client.Failures.Count} failed; {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(client.Failures);
        Assert.Equal([cloud.Gen1.Value, cloud.Gen2.Value, cloud.Gen1.Value], client.Sequence()); // 1 → 2 → 1, never mixed
        var run = await cloud.Store.GetRunAsync(new RunId(deployed.Run), None);
        Assert.Equal(RunOutcome.Succeeded, run!.Run.Outcome);
        Assert.Equal(["check", "new-template-version", "create-green-group", "wait-healthy", "retire-old-group"], run.Steps.Select(s => s.Name));
        // Retention keeps what the groups use, also the group kept at 0.
        var inUse = await cloud.Cloud.FindImagesInUseAsync(None);
        Assert.Contains(cloud.Gen1, inUse.Keys);
        Assert.Contains(cloud.Gen2, inUse.Keys);
    }

    /// <summary>What the server's groups page shows of the group: once the replaced instances are gone, one version (the
    /// launch template's new version, booting <paramref name="image"/>, all 2 desired), 2 InService, 2 of 2 healthy.</summary>
    private async Task GroupsPageReadsAsync(string group, ImageId image)
    {
        var reader = new global::Kiln.Deploy.Aws.AwsGroupReader(cloud.Cloud);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(250))
        {
            var state = await reader.ReadAsync(group, None);
            var member = Assert.Single(state.Members);
            Assert.True(member.InService);
            if (member.Versions.Count == 1 && member.Running == 2 && member.Health == new GroupHealth(2, 2))
            {
                Assert.Equal((image.Value, 2), (member.Versions[0].Image, member.Versions[0].TargetSize));
                Assert.Matches(@"^lt-\S+ version \d+$", member.Versions[0].Template);
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the group did not settle: {string.Join(", ", member.Versions)}; {member.Running} running, health {member.Health}");
        }
    }

    [Fact]
    public async Task A_rolling_deploy_replaces_every_instance_without_a_failed_request()
    {
        var port = await CreateAsync("roll", cloud.Gen1);
        await using var client = new TrafficClient(port);
        await client.WaitForAsync(cloud.Gen1.Value, TimeSpan.FromSeconds(10));
        var deployed = await RunAsync(Request(DeployKind.Deploy, "roll", DeployStrategy.Rolling) with { MinHealthyPercentage = 50 });
        Assert.True(deployed.Succeeded, deployed.Error);
        await client.WaitForAsync(cloud.Gen2.Value, TimeSpan.FromSeconds(10));
        await Task.Delay(1000);
        await client.StopAsync();
        output.WriteLine($"rolling: {deployed.Seconds:0.0} s; {client.Sent} requests, {client.Failures.Count} failed");
        Assert.Empty(client.Failures);
        Assert.Equal(cloud.Gen2.Value, client.Sequence()[^1]);
        await GroupsPageReadsAsync("roll", cloud.Gen2);
        var group = await cloud.Cloud.AutoScaling.GetAutoScalingGroupAsync("roll", None);
        Assert.All(group!.Instances, i => Assert.Equal("2", i.LaunchTemplate!.Version));
    }

    [Fact]
    public async Task A_green_group_that_never_gets_healthy_is_removed_and_traffic_never_leaves_blue()
    {
        var port = await CreateAsync("safe", cloud.Gen1);
        await using var client = new TrafficClient(port);
        await client.WaitForAsync(cloud.Gen1.Value, TimeSpan.FromSeconds(10));
        var failed = await RunAsync(Request(DeployKind.Deploy, "safe") with { Image = cloud.Broken },
            new DeployTimings { Poll = TimeSpan.FromMilliseconds(250), Healthy = TimeSpan.FromSeconds(15) });
        await Task.Delay(1000);
        await client.StopAsync();
        output.WriteLine($"failed green: {failed.Seconds:0.0} s; {client.Sent} requests, {client.Failures.Count} failed; error: {failed.Error}");

        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Assert.Contains("healthy", failed.Error);
        Assert.Empty(client.Failures);
        Assert.Equal([cloud.Gen1.Value], client.Sequence());
        Assert.Empty(await cloud.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(["safe-v002"], None));
        var blue = await cloud.Cloud.AutoScaling.GetAutoScalingGroupAsync("safe", None);
        Assert.Equal(2, blue!.DesiredCapacity);
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_change()
    {
        var missing = await Assert.ThrowsAsync<KilnInputException>(() => RunAsync(Request(DeployKind.Deploy, "nothing-here")));
        Assert.Contains("--create", missing.Message);
        var noImage = await Assert.ThrowsAsync<KilnInputException>(() => RunAsync(
            Request(DeployKind.Create, "img") with { Image = new ImageId("ami-0123456789abcdef0"), Create = new CreateOptions("img", FreePort(), 1) }));
        Assert.Contains("no such image", noImage.Message);
        Assert.Empty(await cloud.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(["img"], None));
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>The run's log lines into the test's output.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    public override void WriteLine(string? value)
    {
        try { output.WriteLine(value ?? ""); } catch (InvalidOperationException) { /* test already over */ }
    }
}
