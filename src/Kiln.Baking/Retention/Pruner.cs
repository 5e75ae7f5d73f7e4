using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Retention;

/// <summary>Retention for `kiln prune FAMILY --keep N [--dry-run]` and after a successful bake: keep the newest N of
/// the family, deregister the rest and delete their snapshots, never touching an image in use. On Compute Engine, the
/// newest N active stay and an older image in use is deprecated instead (<see cref="GcePrunePlanner"/>). A generation
/// with copies in other regions is kept while any copy is in use there, and goes from every region.</summary>
public sealed class Pruner(ICloud cloud)
{
    public async Task<PruneResult> PruneAsync(Family family, int keep, bool dryRun, CancellationToken ct,
        Action<string>? log = null)
    {
        var listing = cloud.FindImagesAsync(family.NameFilter, ct);
        var using_ = cloud.FindImagesInUseAsync(ct);
        await Task.WhenAll(listing, using_);
        var listed = listing.Result;
        var inUse = await GenerationCopies.InUseAsync(cloud, listed, using_.Result, ct);
        var gce = cloud as IDiskImages;
        var plan = gce is null ? PrunePlanner.Plan(family, keep, listed, inUse, dryRun) : GcePrunePlanner.Plan(family, keep, listed, inUse, dryRun);
        foreach (var k in plan.Kept) log?.Invoke($"keep {k.Id} {k.Name}: {k.Reason}");
        foreach (var d in plan.Deprecated)
        {
            log?.Invoke($"{(dryRun ? "would deprecate" : "deprecate")} {d.Id} {d.Name}: {d.Reason}");
            if (!dryRun) await gce!.DeprecateAsync(d.Id, plan.Replacement, ct);
        }
        foreach (var p in plan.Pruned)
        {
            var image = listed.First(i => i.Id == p.Id);
            var copies = RegionalImage.OfTags(image.Tags);
            var where = copies.Count == 0 ? "" : $", and its copies {string.Join(", ", copies.Select(c => $"{c.Image} in {c.Region}"))}";
            log?.Invoke($"{(dryRun ? "would remove" : "remove")} {p.Id} {p.Name} and {p.Snapshots.Count} snapshot(s){where}");
            if (dryRun) continue;
            await GenerationCopies.RemoveAsync(cloud, image, ct);
            await ImageRemoval.RemoveAsync(cloud, p.Id, p.Snapshots, ct);
        }
        return plan;
    }
}
