using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Baking.Retention;

/// <summary>A temporary resource found by its `kiln:temporary=true` tag; Run is its `kiln:run-id` (null when it has
/// none).</summary>
public sealed record TaggedResource(ResourceKind Kind, string Id, RunId? Run);

/// <summary>One thing gc removes: from a dead run's ledger, or found by tag (what the ledger missed).</summary>
public sealed record GcAction(ResourceKind Kind, string Id, RunId? Run, string Found, string Why)
{
    public string? Error { get; init; }
}

/// <summary>Pure: what gc removes, in the order it must (instances first: a group cannot go while an instance
/// uses it; images before their snapshots).</summary>
public static class GcPlanner
{
    /// <param name="foreignRuns">Runs this history does not hold, too young to be judged dead: another Kiln (another
    /// history on the same account) may be running them, so what they tagged is not touched.</param>
    public static IReadOnlyList<GcAction> Plan(
        IReadOnlyList<(RunVerdict Verdict, IReadOnlyList<RunResource> Resources)> deadRuns,
        IReadOnlyList<TaggedResource> tagged, IReadOnlySet<RunId> liveRuns,
        IReadOnlySet<RunId>? foreignRuns = null)
    {
        var actions = new List<GcAction>();
        foreach (var (verdict, resources) in deadRuns)
            foreach (var r in resources.Where(r => r.State == CleanupState.Live))
            {
                // A run that died after its image was kept: the snapshots are that image's disks, not leftovers.
                if (r.Kind == ResourceKind.Snapshot && resources.Any(i => i.Kind == ResourceKind.Image && i.State == CleanupState.Kept)) continue;
                actions.Add(new GcAction(r.Kind, r.Id, verdict.Run.Id, "ledger", $"run {verdict.Run.Id} died: {verdict.Reason}"));
            }
        var planned = actions.Select(a => (a.Kind, a.Id)).ToHashSet();
        foreach (var t in tagged)
        {
            if (planned.Contains((t.Kind, t.Id))) continue;
            if (t.Run is { } run && (liveRuns.Contains(run) || foreignRuns?.Contains(run) == true)) continue;
            actions.Add(new GcAction(t.Kind, t.Id, t.Run, "tag",
                t.Run is { } r ? $"tagged {KilnTags.Temporary}=true by run {r}, which is not running" : $"tagged {KilnTags.Temporary}=true by no running run"));
            planned.Add((t.Kind, t.Id));
        }
        return actions.OrderBy(a => Order(a.Kind)).ToList();
    }

    /// <summary>Groups first (their instances go with them), then what instances use, then what images use.</summary>
    private static int Order(ResourceKind kind) => kind switch
    {
        // A deploy's load balancer before its groups, groups before their templates and health checks.
        ResourceKind.ForwardingRule => -3,
        ResourceKind.BackendService => -2,
        ResourceKind.AutoScalingGroup or ResourceKind.InstanceGroupManager or ResourceKind.GroupVersion => -1,
        ResourceKind.Instance => 0,
        ResourceKind.Image => 1,
        ResourceKind.Snapshot => 2,
        ResourceKind.KeyPair => 3,
        ResourceKind.SecurityGroup => 4,
        ResourceKind.Disk => 2,
        ResourceKind.Firewall => 4,
        _ => 5,
    };
}
