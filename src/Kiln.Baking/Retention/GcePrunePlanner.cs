using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Retention;

/// <summary>Pure: retention the Compute Engine way, which keeps Google's rollback intact. A family points at its newest
/// image that is not deprecated, and the documented rollback is to deprecate the newest. So the newest `keep` ACTIVE
/// generations stay as they are, and so does a deprecated image newer than the oldest of them (a rollback in
/// progress); an older generation is deleted, or, while something uses it, marked DEPRECATED with the newest ACTIVE
/// image as its replacement (deleted by a later prune once nothing does). Never a delete of an image in use.</summary>
public static class GcePrunePlanner
{
    public static PruneResult Plan(Family family, int keep, IEnumerable<CloudImage> listed,
        IReadOnlyDictionary<ImageId, string> inUse, bool dryRun)
    {
        var members = family.Generations(listed.Where(i => i.State != ImageState.Deregistered), i => i.Name, i => i.Created);
        var kept = new List<KeptImage>();
        var pruned = new List<PrunedImage>();
        var deprecate = new List<KeptImage>();
        var newestActive = members.FirstOrDefault(m => m.Deprecation == Deprecation.Active && !SourceSelection.IsTemporary(m));
        var active = 0;
        foreach (var image in members)
        {
            if (SourceSelection.IsTemporary(image))
                kept.Add(new(image.Id, image.Name, $"unfinished, run {image.Tags.GetValueOrDefault(KilnTags.RunId, "?")} is baking it (kiln gc removes it if that run died)"));
            else if (active < keep && image.Deprecation == Deprecation.Active)
            {
                active++;
                kept.Add(new(image.Id, image.Name, image == newestActive ? $"one of the newest {keep} active; the family points at it" : $"one of the newest {keep} active"));
            }
            else if (active < keep)
                kept.Add(new(image.Id, image.Name, $"{image.Deprecation.ToString().ToLowerInvariant()} and newer than the kept generations (a rollback): left as it is"));
            else if (inUse.TryGetValue(image.Id, out var why))
            {
                if (image.Deprecation == Deprecation.Deprecated && image.ReplacedBy == newestActive?.Name)
                    kept.Add(new(image.Id, image.Name, $"in use ({why}); deprecated, replaced by {image.ReplacedBy}"));
                else if (newestActive is not null)
                    deprecate.Add(new(image.Id, image.Name, $"in use ({why}): deprecated with {newestActive.Name} as its replacement"));
                else
                    kept.Add(new(image.Id, image.Name, $"in use ({why})"));
            }
            else pruned.Add(new(image.Id, image.Name, []));
        }
        return new PruneResult(family.Name, keep, dryRun, kept, pruned)
        {
            Deprecated = deprecate, Replacement = newestActive?.Id,
        };
    }
}
