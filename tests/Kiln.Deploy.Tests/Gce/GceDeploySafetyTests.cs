using System.Net;
using System.Net.Sockets;
using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Deploy.Tests.Integration;
using Kiln.Gcp.Api;
using Kiln.Gcp.Deploy;
using Kiln.Gcp.Deploy.Steps;
using Kiln.History;
using Kiln.Tests.Shared;
using Xunit.Abstractions;

namespace Kiln.Deploy.Tests.Gce;

/// <summary>What a Compute Engine deploy must never do, under a client sending requests without pause through the
/// forwarding rule: leave the group on a version that does not serve, whether the new version never turns healthy or
/// the deploy is killed with -9 in the middle of its rolling update (then `kiln gc` puts the group back).</summary>
[Collection(GceDeployCollection.Name)]
public sealed class GceDeploySafetyTests(GceDeployFixture cloud, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private string Project => cloud.Cloud.Where.Project;
    private string Zone => cloud.Cloud.Where.Zone;

    [Fact]
    public async Task A_version_that_never_turns_healthy_is_withdrawn_and_a_killed_update_is_put_back_by_gc()
    {
        const string group = "gsafe";
        var port = FreePort();
        var created = await RunAsync(Request(DeployKind.Create, group) with
        {
            Image = new ImageId(cloud.Gen1), Create = new CreateOptions(group, port, 1, port, null, "e2-small"),
        }, null);
        Assert.True(created.Succeeded, created.Error);
        var serving = GceDeployNames.Template(group, cloud.Gen1);
        await using var client = new TrafficClient(port, TimeSpan.FromMinutes(5));
        await client.WaitForAsync(cloud.Gen1, TimeSpan.FromSeconds(20));

        var timeout = TimeSpan.FromSeconds(20);
        var failed = await RunAsync(Request(DeployKind.Deploy, group) with { Image = new ImageId(cloud.Broken) },
            new DeployTimings { Poll = TimeSpan.FromMilliseconds(250), Healthy = timeout });
        output.WriteLine($"never healthy: {failed.Outcome} after {failed.Seconds:0.0} s: {failed.Error}");
        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Assert.Contains("healthy", failed.Error);
        Assert.InRange(failed.Seconds, timeout.TotalSeconds, timeout.TotalSeconds + 30);
        Assert.Equal([serving], await VersionsAsync(group));

        // A rolling update killed with -9 after it moved the group: the run's process is gone, its ledger names the
        // group's move (GROUP@TEMPLATE, written before the patch), and the group runs the new template.
        var dead = await DeadRunAsync($"{group}@{serving}");
        var moved = GceDeployNames.Template(group, cloud.Gen2);
        await CopyTemplateAsync(serving, moved, cloud.Gen2);
        await cloud.Cloud.Api.PatchGroupManagerAsync(Project, Zone, group, new GroupManagerPatch(
            [new ManagedInstanceGroupVersion(moved, new Uri(cloud.Cloud.Api.Transport.Root, $"projects/{Project}/global/instanceTemplates/{moved}").AbsoluteUri)],
            GroupCreation.Rolling(1)), None);

        var report = await new GarbageCollector(cloud.Cloud, cloud.Store, TimeProvider.System).CollectAsync(dryRun: false, None);

        Assert.True(report.Clean, string.Join("; ", report.Actions.Where(a => a.Error is not null).Select(a => $"{a.Id}: {a.Error}")));
        Assert.Contains(dead, report.MarkedInterrupted);
        Assert.Equal([serving], await VersionsAsync(group));
        Assert.Equal(CleanupState.Cleaned, (await cloud.Store.GetRunAsync(dead, None))!.Resources.Single().State);
        await client.WaitForAsync(cloud.Gen1, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        await client.StopAsync();
        output.WriteLine($"{client.Sent} requests, {client.Failures.Count} failed; answers {string.Join(" → ", client.Sequence())}");
        Assert.Empty(client.Failures);
        Assert.DoesNotContain(cloud.Broken, client.Sequence());
        Assert.Equal(cloud.Gen1, client.Sequence().Last());
    }

    private DeployRequest Request(DeployKind kind, string group) =>
        new(RunId.New(TimeProvider.System), kind, GceDeployFixture.Family, group, DeployStrategy.Rolling, $"test {kind} {group}");

    private async Task<DeployResult> RunAsync(DeployRequest request, DeployTimings? timings)
    {
        await using var log = new RunLogWriter(cloud.Store, request.Run, new TestOutputWriter(output), TimeProvider.System);
        return await cloud.Engine(timings).RunAsync(request, log, null, None);
    }

    private async Task<IReadOnlyList<string?>> VersionsAsync(string group) =>
        (await cloud.Cloud.Api.GetGroupManagerAsync(Project, Zone, group, None))!.Versions!.Select(v => v.InstanceTemplate?.Split('/')[^1]).ToList();

    /// <summary>A deploy run whose process is gone, with <paramref name="move"/> live in its ledger.</summary>
    private async Task<RunId> DeadRunAsync(string move)
    {
        var run = RunId.New(TimeProvider.System);
        await cloud.Store.CreateRunAsync(new RunStart(run, "deploy", GceDeployFixture.Family.Name, "deploy gsafe", "root",
            cloud.Cloud.Describe, DateTimeOffset.UtcNow, Environment.MachineName, await DeadProcess.IdAsync()), None);
        await cloud.Store.RecordResourceAsync(run, ResourceKind.GroupVersion, move, None);
        return run;
    }

    private async Task CopyTemplateAsync(string from, string name, string image)
    {
        var source = (await cloud.Cloud.Api.GetInstanceTemplateAsync(Project, from, None))!;
        var boot = source.Properties!.Disks!.Single();
        await cloud.Cloud.Api.InsertInstanceTemplateAsync(Project, source with
        {
            Name = name, SelfLink = null,
            Properties = source.Properties with
            {
                Disks = [boot with { InitializeParams = boot.InitializeParams! with { SourceImage = $"projects/{Project}/global/images/{image}" } }],
            },
        }, None);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
