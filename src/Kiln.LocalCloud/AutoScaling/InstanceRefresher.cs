using Kiln.LocalCloud.ElbV2;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>
/// One step of a group's active instance refresh. A member counts healthy when it is InService, past the warm-up,
/// and healthy in every attached target group. While a replacement is not yet healthy, nothing more happens. Else
/// as many outdated members are terminated as keep ⌈desired × MinHealthyPercentage⌉ healthy; when none may go
/// (100 %), one instance more is launched first (returns the surge: 0 or 1).
/// </summary>
public static class InstanceRefresher
{
    public static int Step(CloudServices cloud, LoadBalancers balancers, string name, DateTimeOffset now)
    {
        var (g, refresh) = cloud.State.Read(tx => (tx.Get<AutoScalingGroupRecord>(name),
            tx.All<InstanceRefreshRecord>(nameGlobs: [name]).FirstOrDefault(r => r.IsActive)));
        if (g is null || refresh is null) return 0;
        var live = g.Members.Where(m => !m.IsTerminating).ToList();
        bool Healthy(AsgMember m) => m.LifecycleState == AsgStates.InService
            && now - (m.InServiceAt ?? now) >= TimeSpan.FromSeconds(refresh.InstanceWarmup)
            && g.TargetGroupArns.All(arn => balancers.StateOf(arn, m.InstanceId) == "healthy");
        var outdated = live.Where(refresh.IsOutdated).OrderBy(m => m.Launched).ToList();
        var fresh = live.Where(m => !refresh.IsOutdated(m)).ToList();
        var minHealthy = (int)Math.Ceiling(g.DesiredCapacity * refresh.MinHealthyPercentage / 100.0);

        if (outdated.Count == 0)
        {
            if (fresh.Count >= g.DesiredCapacity && fresh.All(Healthy) && g.Members.All(m => !m.IsTerminating))
                Save(cloud, refresh with { Status = "Successful", EndTime = now, Replaced = refresh.InstancesToUpdate });
            return 0;
        }
        if (refresh.Status == "Pending") Save(cloud, refresh = refresh with { Status = "InProgress" });
        if (fresh.Any(m => !Healthy(m))) return Surge(g.DesiredCapacity, minHealthy);
        var canGo = live.Count(Healthy) - minHealthy;
        if (canGo < 1) return Surge(g.DesiredCapacity, minHealthy);
        var batch = outdated.Take(canGo).Select(m => m.InstanceId).ToHashSet();
        GroupReconciler.Terminate(cloud, name, batch, now);
        Save(cloud, refresh with { Replaced = refresh.Replaced + batch.Count });
        cloud.Trace($"local-cloud: {name}: instance refresh {refresh.Id} replaces {string.Join(", ", batch)}");
        // The launch that replaces them comes from the capacity step; keep the surge while outdated ones remain.
        return outdated.Count > batch.Count ? Surge(g.DesiredCapacity, minHealthy) : 0;
    }

    /// <summary>One instance above desired when MinHealthyPercentage leaves no room to terminate first.</summary>
    private static int Surge(int desired, int minHealthy) => minHealthy >= desired ? 1 : 0;

    private static void Save(CloudServices cloud, InstanceRefreshRecord r) => cloud.State.Write(tx =>
    {
        if (tx.Get<InstanceRefreshRecord>(r.Id) is { IsActive: true }) tx.Put(r);
    });
}
