using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>When a group has settled: versionTarget.isReached once every instance is on the template its version
/// owes it; isStable once, besides, it holds targetSize instances and none has an action under way.</summary>
public static class MigStatus
{
    public static bool IsReached(GceInstanceGroupManagerRecord g)
    {
        var live = g.Members.Where(m => m.Action != "DELETING").ToList();
        var targets = MigPlan.Targets(g.TargetSize, g.Versions);
        return live.Count == g.TargetSize && targets.All(t => live.Count(m => m.InstanceTemplate == t.Version.InstanceTemplate) == t.Count);
    }

    public static bool IsStable(GceInstanceGroupManagerRecord g) =>
        !g.Deleting && g.Members.Count == g.TargetSize && g.Members.All(m => m.Action == "NONE")
        && (g.UpdatePolicy.Type != "PROACTIVE" || IsReached(g));

    public static readonly string[] Actions =
    [
        "abandoning", "creating", "creatingWithoutRetries", "deleting", "none", "recreating", "refreshing", "restarting",
        "resuming", "starting", "stopping", "suspending", "verifying",
    ];

    public static int Count(GceInstanceGroupManagerRecord g, string action) =>
        g.Members.Count(m => string.Equals(m.Action.Replace("_", ""), action, StringComparison.OrdinalIgnoreCase));
}
