using Kiln.LocalCloud.Balancing;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Balancing;

/// <summary>A balancer the state asks for: its key, its settings, its targets.</summary>
public sealed record GceBalancer(string Key, BalancerSettings Settings, IReadOnlyList<RegisteredTarget> Targets);

/// <summary>Which balancers the state asks for: each backend service with a health check, and each group with an
/// autohealing policy. Targets are a group's serving instances that run; every backend shares traffic (one cohort).</summary>
public static class GceBalancerPlan
{
    public static IReadOnlyList<GceBalancer> Balancers(StateTx tx)
    {
        var checks = tx.All<GceHealthCheckRecord>().ToDictionary(h => h.Id);
        var groups = tx.All<GceInstanceGroupManagerRecord>();
        var byGroup = groups.ToDictionary(g => g.GroupPath);
        var instances = groups.All(g => g.Members.Count == 0) ? new Dictionary<string, GceInstanceRecord>()
            : tx.All<GceInstanceRecord>(ids: groups.SelectMany(g => g.Members.Select(m => m.Instance)).ToList()).ToDictionary(i => i.Id);
        IEnumerable<RegisteredTarget> Targets(GceInstanceGroupManagerRecord g) => g.Members.Where(GceBalancers.Serves)
            .Select(m => instances.GetValueOrDefault(m.Instance)).OfType<GceInstanceRecord>().Where(i => i.Status == "RUNNING")
            .Select(i => new RegisteredTarget(i.Id, i.Address, DateTimeOffset.UnixEpoch));
        var result = new List<GceBalancer>();
        foreach (var s in tx.All<GceBackendServiceRecord>())
        {
            if (s.HealthChecks.Count == 0 || !checks.TryGetValue(s.HealthChecks[0], out var hc)) continue;
            var targets = s.Backends.Select(b => byGroup.GetValueOrDefault(b.Group)).OfType<GceInstanceGroupManagerRecord>().SelectMany(Targets).ToList();
            result.Add(new GceBalancer(s.Id, Settings(s.Name, hc, s.DrainingTimeoutSec), targets));
        }
        foreach (var g in groups.Where(g => g.AutoHealing.Count > 0))
            if (checks.TryGetValue(g.AutoHealing[0].HealthCheck, out var hc))
                result.Add(new GceBalancer(GceHealth.AutohealingKey(g.Id), Settings(g.Name, hc, 0), Targets(g).ToList()));
        return result;
    }

    /// <summary>Whether the backend service or group a balancer key names still exists.</summary>
    public static bool Exists(StateTx tx, string key) => key.EndsWith("#autohealing", StringComparison.Ordinal)
        ? tx.Get<GceInstanceGroupManagerRecord>(key[..^"#autohealing".Length]) is not null
        : tx.Get<GceBackendServiceRecord>(key) is not null;

    public static BalancerSettings Settings(string name, GceHealthCheckRecord hc, int drainSeconds) => new(name, hc.Port, hc.Port,
        hc.Type, hc.RequestPath, hc.CheckIntervalSec, hc.TimeoutSec, hc.HealthyThreshold, hc.UnhealthyThreshold, drainSeconds);
}
