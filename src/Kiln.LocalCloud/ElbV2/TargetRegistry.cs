using Kiln.LocalCloud.AutoScaling;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>A registered target: an instance and the loopback address it answers on.</summary>
public sealed record RegisteredTarget(string InstanceId, string Address, DateTimeOffset Cohort);

/// <summary>Which instances a target group sends traffic to: the InService members of every Auto Scaling group
/// attached to it (a member leaving service, or its group being detached, deregisters it, and it drains).</summary>
public static class TargetRegistry
{
    public static IReadOnlyList<RegisteredTarget> Registered(StateTx tx, string targetGroupArn)
    {
        var members = tx.All<AutoScalingGroupRecord>()
            .Where(g => g.TargetGroupArns.Contains(targetGroupArn))
            .SelectMany(g => g.Members.Where(m => m.LifecycleState == AsgStates.InService)
                .Select(m => (m.InstanceId, Cohort: g.AttachedAt.GetValueOrDefault(targetGroupArn, g.Created))))
            .ToDictionary(m => m.InstanceId, m => m.Cohort);
        if (members.Count == 0) return [];
        return tx.All<InstanceRecord>(ids: members.Keys).Where(i => i.IsLive)
            .Select(i => new RegisteredTarget(i.Id, i.Address, members[i.Id])).ToList();
    }
}
