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
        var plan = RetentionPlan.For(members.Except(baking).ToList(), keep, inUse);
        var kept = plan.Keep.Select(k => new KeptImage(k.Image.Id, k.Image.Name, k.Reason))
            .Concat(baking.Select(b => new KeptImage(b.Id, b.Name,
                $"unfinished, run {b.Tags.GetValueOrDefault(KilnTags.RunId, "?")} is baking it (kiln gc removes it if that run died)")))
            .ToList();
        return new PruneResult(family.Name, keep, dryRun, kept,
            plan.Delete.Select(d => new PrunedImage(d.Id, d.Name, d.Snapshots)).ToList());
    }
}
