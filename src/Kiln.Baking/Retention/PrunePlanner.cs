using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Core.Retention;

namespace Kiln.Baking.Retention;

/// <summary>Pure: which members of a family retention keeps and removes. Only exact members count (by the stamp
/// in the name); an unfinished image of a bake in progress is neither counted nor touched (gc owns those); an
/// image in use by an instance, launch template or Auto Scaling group is kept whatever its age.</summary>
public static class PrunePlanner
{
    public static PruneResult Plan(Family family, int keep, IEnumerable<CloudImage> listed,
        IReadOnlyDictionary<ImageId, string> inUse, bool dryRun)
    {
        var members = family.Generations(listed.Where(i => i.State != ImageState.Deregistered), i => i.Name, i => i.Created);
        var baking = members.Where(SourceSelection.IsTemporary).ToList();
        var failed = members.Where(m => !SourceSelection.IsTemporary(m) && Generations.FailedTests(m)).ToList();
        var generations = members.Except(baking).Except(failed).ToList();
        var plan = RetentionPlan.For(generations, keep, inUse);
        var (failedKept, failedPruned) = FailedImages(failed, members, generations.FirstOrDefault(), inUse);
        var kept = plan.Keep.Select(k => new KeptImage(k.Image.Id, k.Image.Name, k.Reason))
            .Concat(baking.Select(b => new KeptImage(b.Id, b.Name,
                $"unfinished, run {b.Tags.GetValueOrDefault(KilnTags.RunId, "?")} is baking it (kiln gc removes it if that run died)")))
            .Concat(failedKept)
            .ToList();
        return new PruneResult(family.Name, keep, dryRun, kept,
            [.. plan.Delete.Concat(failedPruned).Select(d => new PrunedImage(d.Id, d.Name, d.Snapshots))]);
    }

    /// <summary>An image kept after its tests failed (--keep-failed) is not a generation: it stays for inspection
    /// while it is newer than the family's newest generation, and goes once a newer generation exists.</summary>
    private static (List<KeptImage> Kept, List<CloudImage> Pruned) FailedImages(IReadOnlyList<CloudImage> failed,
        IReadOnlyList<CloudImage> newestFirst, CloudImage? newest, IReadOnlyDictionary<ImageId, string> inUse)
    {
        var newestAt = newest is null ? int.MaxValue : IndexOf(newestFirst, newest);
        var kept = new List<KeptImage>();
        var pruned = new List<CloudImage>();
        foreach (var image in failed)
        {
            if (inUse.TryGetValue(image.Id, out var why)) kept.Add(new(image.Id, image.Name, $"failed its tests; in use: {why}"));
            else if (IndexOf(newestFirst, image) < newestAt)
                kept.Add(new(image.Id, image.Name, "failed its tests, kept for inspection (--keep-failed) until a newer generation exists"));
            else pruned.Add(image);
        }
        return (kept, pruned);
    }

    private static int IndexOf(IReadOnlyList<CloudImage> list, CloudImage image)
    {
        for (var i = 0; i < list.Count; i++) if (ReferenceEquals(list[i], image)) return i;
        return -1;
    }
}
