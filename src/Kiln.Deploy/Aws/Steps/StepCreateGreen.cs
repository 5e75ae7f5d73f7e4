using System.Globalization;
using Kiln.Aws.AutoScaling;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: green's name, the new version, blue's capacity and target groups. Produces: the green group.
/// Cleanup: if traffic never moved to it, green is deleted (blue was never touched).</summary>
public sealed class StepCreateGreen(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "create-green-group";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var blue = s.Blue!;
        await c.Cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest(s.GreenName!,
            LaunchTemplateRef.ById(new LaunchTemplateId(s.TemplateId), s.TargetVersion!.Value.ToString(CultureInfo.InvariantCulture)),
            0, Math.Max(blue.MaxSize, s.Capacity))
        {
            DesiredCapacity = s.Capacity, TargetGroupArns = s.TargetGroups, HealthCheckType = blue.HealthCheckType,
            HealthCheckGracePeriod = blue.HealthCheckGracePeriod, VpcZoneIdentifier = blue.VpcZoneIdentifier,
            Tags = DeployGroups.Tags(s.Request, s.Image!.Id, $"group:{blue.Name}"),
        }, ct);
        s.GreenCreated = true;
        await c.Ledger.CreatedAsync(ResourceKind.AutoScalingGroup, s.GreenName!);
        c.Log.Info($"created {s.GreenName} ({s.Capacity} instances of {s.Image.Id}) attached to {s.TargetGroups.Count} target group(s)");
    }

    public async Task CleanupAsync(AwsDeployState s, CancellationToken ct)
    {
        if (!s.GreenCreated || s.Switched) return;
        c.Log.Info($"traffic never moved to {s.GreenName}: deleting it; {s.Blue!.Name} serves as before");
        await c.Fleet.RemoveGroupAsync(s.GreenName!, ct);
        await c.Ledger.CleanedAsync(ResourceKind.AutoScalingGroup, s.GreenName!);
    }
}
