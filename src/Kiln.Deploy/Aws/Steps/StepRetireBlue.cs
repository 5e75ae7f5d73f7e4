using Kiln.Aws.AutoScaling;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: blue, target groups. Detaches blue from the target groups, waits until its instances have drained
/// (open connections finish), then scales it to 0 and keeps it for a rollback.</summary>
public sealed class StepRetireBlue(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "retire-old-group";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var blue = await c.Fleet.GroupAsync(s.Blue!.Name, ct);
        if (blue.TargetGroupArns.Count > 0)
            await c.Cloud.AutoScaling.DetachLoadBalancerTargetGroupsAsync(blue.Name, blue.TargetGroupArns, ct);
        await c.Fleet.WaitDrainedAsync(blue.Instances.Select(i => i.Id.Value).ToList(), s.TargetGroups, ct);
        await c.Cloud.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(blue.Name) { MinSize = 0, DesiredCapacity = 0 }, ct);
        c.Log.Info($"{blue.Name} detached, drained and scaled to 0 (kept for `kiln rollback`)");
    }

    public Task CleanupAsync(AwsDeployState s, CancellationToken ct) => Task.CompletedTask;
}
