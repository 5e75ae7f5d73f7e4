using Kiln.Aws.AutoScaling;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the previous group, blue's capacity and target groups. Scales the previous group back up and
/// attaches it. Cleanup: if traffic never moved to it, it is detached and scaled to 0 again.</summary>
public sealed class StepRestorePrevious(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "restore-previous-group";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var previous = await c.Fleet.GroupAsync(s.GreenName!, ct);
        await c.Cloud.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(previous.Name)
        {
            MaxSize = Math.Max(previous.MaxSize, s.Capacity), DesiredCapacity = s.Capacity,
        }, ct);
        await c.Cloud.AutoScaling.AttachLoadBalancerTargetGroupsAsync(previous.Name, s.TargetGroups, ct);
        s.GreenCreated = true;
        await c.Cloud.AutoScaling.CreateOrUpdateTagsAsync(previous.Name, [new AsgTag(DeployTags.Rollback, $"group:{s.Blue!.Name}", false)], ct);
        c.Log.Info($"{previous.Name} scaled to {s.Capacity} and attached");
    }

    public async Task CleanupAsync(AwsDeployState s, CancellationToken ct)
    {
        if (!s.GreenCreated || s.Switched) return;
        await c.Cloud.AutoScaling.DetachLoadBalancerTargetGroupsAsync(s.GreenName!, s.TargetGroups, ct);
        await c.Cloud.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(s.GreenName!) { MinSize = 0, DesiredCapacity = 0 }, ct);
        c.Log.Info($"traffic never moved to {s.GreenName}: scaled back to 0; {s.Blue!.Name} serves as before");
    }
}
