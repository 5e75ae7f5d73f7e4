using Kiln.Core.Cloud;

namespace Kiln.Core.Retention;

/// <summary>Which images of a family to keep and which to delete. Pure: the caller lists the family's
/// generations (newest first) and the images in use; nothing in use is ever deleted.</summary>
public sealed record RetentionPlan(IReadOnlyList<(CloudImage Image, string Reason)> Keep, IReadOnlyList<CloudImage> Delete)
{
    public static RetentionPlan For(IReadOnlyList<CloudImage> newestFirst, int keep,
        IReadOnlyDictionary<ImageId, string> inUse)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), "keep at least one generation");
        var kept = new List<(CloudImage, string)>();
        var delete = new List<CloudImage>();
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var image = newestFirst[i];
            if (i < keep) kept.Add((image, $"one of the newest {keep}"));
            else if (inUse.TryGetValue(image.Id, out var why)) kept.Add((image, $"in use: {why}"));
            else delete.Add(image);
        }
        return new RetentionPlan(kept, delete);
    }
}
