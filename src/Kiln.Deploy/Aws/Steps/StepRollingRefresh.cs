using System.Globalization;
using Kiln.Aws.AutoScaling;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the group, the target version, MinHealthyPercentage. Points the group at the version and replaces
/// its instances by an instance refresh, waiting until it succeeds. Cleanup on failure: the group launches from its
/// former version again (instances already replaced stay until the next refresh).</summary>
public sealed class StepRollingRefresh(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "instance-refresh";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var group = s.Blue!.Name;
        var started = c.Clock.GetUtcNow();
        await PointAtAsync(group, s.TemplateId, s.TargetVersion!.Value, ct);
        var min = s.Request.MinHealthyPercentage;
        s.RefreshId = await c.Cloud.AutoScaling.StartInstanceRefreshAsync(group, new InstanceRefreshPreferences(min, 0), ct);
        c.Log.Info($"{group}: instance refresh {s.RefreshId} to version {s.TargetVersion} (at least {min} % healthy)");
        var refresh = await c.Cloud.Policies.PollAsync($"instance refresh {s.RefreshId} of {group}",
            async x => (await c.Cloud.AutoScaling.DescribeInstanceRefreshesAsync(group, [s.RefreshId], x)).Single(),
            r => r.Status is "Successful" or "Failed" or "Cancelled", c.Timings.Refresh, ct, c.Timings.Poll);
        if (refresh.Status != "Successful")
            throw new CloudException("InstanceRefreshFailed", $"instance refresh {refresh.Id} ended {refresh.Status}: {refresh.StatusReason ?? "no reason given"}");
        await c.Fleet.WaitInServiceAsync(group, s.Capacity, s.TargetGroups, ct);
        s.Switched = true;
        s.SwitchDuration = c.Clock.GetUtcNow() - started;
        await c.Cloud.AutoScaling.CreateOrUpdateTagsAsync(group, [new AsgTag(DeployTags.Image, s.Image!.Id.Value, false),
            new AsgTag(DeployTags.Rollback, $"version:{s.BlueVersion}", false)], ct);
        c.Log.Info($"{group}: every instance runs {s.Image.Id} after {s.SwitchDuration.Value.TotalSeconds:0.0} s");
    }

    public async Task CleanupAsync(AwsDeployState s, CancellationToken ct)
    {
        if (s.Switched || s.TargetVersion is null) return;
        await PointAtAsync(s.Blue!.Name, s.TemplateId, s.BlueVersion, ct);
        c.Log.Info($"{s.Blue.Name} launches from version {s.BlueVersion} again");
    }

    private Task PointAtAsync(string group, string template, int version, CancellationToken ct) =>
        c.Cloud.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest(group)
        {
            LaunchTemplate = LaunchTemplateRef.ById(new LaunchTemplateId(template), version.ToString(CultureInfo.InvariantCulture)),
        }, ct);
}
