using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>What a group does next: instances to make (each from a version) and instances to delete.</summary>
public sealed record MigStep(IReadOnlyList<GceGroupVersion> Create, IReadOnlyList<string> Delete)
{
    public bool IsEmpty => Create.Count == 0 && Delete.Count == 0;
}

/// <summary>
/// A managed instance group's next step, from its versions, target size, update policy and which members are
/// healthy (pure: the reconciler does what it says). Each version is owed its target size; a member on a template no
/// version names, or beyond its version's share, is outdated. A PROACTIVE update makes members of the versions that
/// are short while the group stays within targetSize + maxSurge, and deletes outdated ones only while at least
/// targetSize − maxUnavailable members stay healthy, so with maxUnavailable 0 each new member is healthy before an
/// old one goes. OPPORTUNISTIC keeps outdated members. A smaller target size deletes at once (outdated, unhealthy,
/// newest first), as a resize does on Google.
/// </summary>
public static class MigPlan
{
    /// <summary>Each version's share of the target size: versions with a target size take it (in order, at most what
    /// is left); the version without one takes the rest.</summary>
    public static IReadOnlyList<(GceGroupVersion Version, int Count)> Targets(int targetSize, IReadOnlyList<GceGroupVersion> versions)
    {
        var left = targetSize;
        var shares = new Dictionary<GceGroupVersion, int>();
        foreach (var v in versions.Where(v => v.TargetSize is not null))
        {
            var n = Math.Min(left, v.TargetSize!.Of(targetSize));
            shares[v] = n;
            left -= n;
        }
        return versions.Select(v => (v, shares.TryGetValue(v, out var n) ? n : left)).ToList();
    }

    public static MigStep Next(GceInstanceGroupManagerRecord g, Func<GceManagedInstance, bool> healthy)
    {
        var live = g.Members.Where(m => m.Action is not ("DELETING" or "RECREATING")).ToList();
        if (g.Deleting) return new([], live.Select(m => m.Name).ToList());
        var proactive = g.UpdatePolicy.Type == "PROACTIVE";
        var missing = new List<GceGroupVersion>();
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (version, count) in Targets(g.TargetSize, g.Versions))
        {
            // The oldest members of a version keep their places.
            var on = live.Where(m => m.InstanceTemplate == version.InstanceTemplate && !current.Contains(m.Name))
                .OrderBy(m => m.Created).Take(count).ToList();
            current.UnionWith(on.Select(m => m.Name));
            missing.AddRange(Enumerable.Repeat(version, count - on.Count));
        }
        var outdated = live.Where(m => !current.Contains(m.Name)).ToList();
        if (!proactive)
        {
            // Outdated members stay and fill the places still owed (the last ones first).
            var kept = Math.Min(outdated.Count, missing.Count);
            missing.RemoveRange(missing.Count - kept, kept);
            outdated = outdated.OrderBy(m => m.Created).Skip(kept).ToList();
            return new(missing, Victims(outdated, healthy, outdated.Count).ToList());
        }

        var surge = g.UpdatePolicy.MaxSurge.Of(g.TargetSize, roundUp: true);
        var unavailable = g.UpdatePolicy.MaxUnavailable.Of(g.TargetSize);
        var cap = outdated.Count > 0 ? g.TargetSize + surge : g.TargetSize;
        var create = missing.Take(Math.Max(0, cap - live.Count)).ToList();

        // Above the cap (a resize down): delete at once.
        var over = Math.Max(0, live.Count - cap);
        var delete = Victims(outdated, healthy, over).ToList();
        if (delete.Count < over)
            delete.AddRange(Victims(live.Where(m => current.Contains(m.Name)).ToList(), healthy, over - delete.Count));
        // Outdated members go while enough stay healthy.
        var healthyLeft = live.Count(m => healthy(m) && !delete.Contains(m.Name));
        foreach (var m in outdated.Where(m => !delete.Contains(m.Name)).OrderBy(m => healthy(m)).ThenBy(m => m.Created))
        {
            var after = healthyLeft - (healthy(m) ? 1 : 0);
            if (after < g.TargetSize - unavailable) break;
            delete.Add(m.Name);
            healthyLeft = after;
        }
        return new(create, delete);
    }

    private static IEnumerable<string> Victims(IReadOnlyList<GceManagedInstance> from, Func<GceManagedInstance, bool> healthy, int count) =>
        from.OrderBy(m => healthy(m)).ThenByDescending(m => m.Created).Take(count).Select(m => m.Name);
}
