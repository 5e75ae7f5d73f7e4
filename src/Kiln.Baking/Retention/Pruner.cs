using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Retention;

/// <summary>Retention for `kiln prune FAMILY --keep N [--dry-run]` and after a successful bake: keep the newest N of
/// the family, deregister the rest and delete their snapshots, never touching an image in use.</summary>
public sealed class Pruner(ICloud cloud)
{
    public async Task<PruneResult> PruneAsync(Family family, int keep, bool dryRun, CancellationToken ct,
        Action<string>? log = null)
    {
        var listed = await cloud.FindImagesAsync(family.NameFilter, ct);
        var inUse = await cloud.FindImagesInUseAsync(ct);
        var plan = PrunePlanner.Plan(family, keep, listed, inUse, dryRun);
        foreach (var k in plan.Kept) log?.Invoke($"keep {k.Id} {k.Name}: {k.Reason}");
        foreach (var p in plan.Pruned)
        {
            log?.Invoke($"{(dryRun ? "would remove" : "remove")} {p.Id} {p.Name} and {p.Snapshots.Count} snapshot(s)");
            if (!dryRun) await ImageRemoval.RemoveAsync(cloud, p.Id, p.Snapshots, ct);
        }
        return plan;
    }
}
