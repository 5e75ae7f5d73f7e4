using Kiln.Deploy.Aws;
using Amazon.EC2.Model;
using Kiln.Aws.AutoScaling;
using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Tests.Shared;

namespace Kiln.Deploy.Tests.Integration;

/// <summary>A deploy killed with -9 between creating its green group and keeping it leaves a group with running
/// instances; `kiln gc` removes it, whether the ledger names it or only its tags do, and leaves a kept one alone.</summary>
[Collection(DeployCollection.Name)]
public sealed class DeployGcTests(DeployFixture cloud)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Gc_removes_a_dead_deploys_half_made_groups_with_their_instances_and_keeps_a_kept_one()
    {
        var template = (await cloud.Cloud.Ec2CallAsync((ec2, c) => ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "gc-test", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = cloud.Gen1.Value },
        }, c), None)).LaunchTemplate.LaunchTemplateId;
        var dead = await DeadProcess.IdAsync();
        var inLedger = await DeadRunWithGroupAsync(template, "gc-ledger", dead, CleanupState.Live);
        var byTagOnly = await DeadRunWithGroupAsync(template, "gc-tag", dead, null);
        var kept = await DeadRunWithGroupAsync(template, "gc-kept", dead, CleanupState.Kept);
        var instances = await InstancesOfAsync("gc-ledger", "gc-tag");

        var gc = new GarbageCollector(cloud.Cloud, cloud.Store, TimeProvider.System,
            groups: new DeployCloud(cloud.Cloud, new DeployTimings { Poll = TimeSpan.FromMilliseconds(250) }));
        var report = await gc.CollectAsync(dryRun: false, None);

        Assert.True(report.Clean, string.Join("; ", report.Actions.Where(a => a.Error is not null).Select(a => $"{a.Id}: {a.Error}")));
        Assert.Contains(report.Actions, a => a.Id == "gc-ledger" && a.Found == "ledger");
        Assert.Contains(report.Actions, a => a.Id == "gc-tag" && a.Found == "tag");
        Assert.Empty(await cloud.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(["gc-ledger", "gc-tag"], None));
        foreach (var id in instances)
            Assert.True((await cloud.Cloud.GetInstanceAsync(new InstanceId(id), None))?.State is null or Core.Cloud.InstanceState.Terminated
                or Core.Cloud.InstanceState.ShuttingDown, $"instance {id} of a removed group still runs");
        Assert.NotNull(await cloud.Cloud.AutoScaling.GetAutoScalingGroupAsync("gc-kept", None));
        Assert.Superset(new HashSet<RunId> { inLedger, byTagOnly, kept }, report.MarkedInterrupted.ToHashSet());
        Assert.Equal(CleanupState.Cleaned, (await cloud.Store.GetRunAsync(inLedger, None))!.Resources.Single().State);

        await new DeployCloud(cloud.Cloud, new DeployTimings { Poll = TimeSpan.FromMilliseconds(250) }).RemoveGroupAsync("gc-kept", None);
        await cloud.Cloud.Ec2CallAsync((ec2, c) => ec2.DeleteLaunchTemplateAsync(new DeleteLaunchTemplateRequest { LaunchTemplateId = template }, c), None);
    }

    /// <summary>A deploy run whose process is gone, with a one-instance group tagged as its own; the ledger names the
    /// group in <paramref name="state"/>, or not at all (the kill came before the ledger write).</summary>
    private async Task<RunId> DeadRunWithGroupAsync(string template, string group, int pid, CleanupState? state)
    {
        var run = RunId.New(TimeProvider.System);
        await cloud.Store.CreateRunAsync(new RunStart(run, "deploy", DeployFixture.Family.Name, $"deploy {group}", "root",
            cloud.Cloud.Describe, DateTimeOffset.UtcNow, Environment.MachineName, pid), None);
        await cloud.Cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest(group,
            LaunchTemplateRef.ById(new LaunchTemplateId(template), "1"), 0, 1)
        {
            DesiredCapacity = 1, Tags = [new AsgTag(KilnTags.RunId, run.Value, false)],
        }, None);
        if (state is { } s)
        {
            await cloud.Store.RecordResourceAsync(run, ResourceKind.AutoScalingGroup, group, None);
            if (s != CleanupState.Live) await cloud.Store.SetResourceStateAsync(run, ResourceKind.AutoScalingGroup, group, s, None);
        }
        return run;
    }

    private async Task<IReadOnlyList<string>> InstancesOfAsync(params string[] groups)
    {
        var ids = new List<string>();
        foreach (var g in groups)
        {
            var found = await cloud.Cloud.Policies.PollAsync($"an instance in {g}",
                async c => (await cloud.Cloud.AutoScaling.GetAutoScalingGroupAsync(g, c))!, x => x.Instances.Count > 0,
                TimeSpan.FromSeconds(60), None, TimeSpan.FromMilliseconds(250));
            ids.AddRange(found.Instances.Select(i => i.Id.Value));
        }
        return ids;
    }
}
