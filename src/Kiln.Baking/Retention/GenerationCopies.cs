using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Retention;

/// <summary>A generation is its image in the build region and the copies its <see cref="KilnTags.Copies"/> tag names:
/// it is in use when any of them is (each asked in its own region), and it goes from every region at once.</summary>
public static class GenerationCopies
{
    /// <summary><paramref name="inUse"/> with the images whose copy is in use in another region.</summary>
    public static async Task<IReadOnlyDictionary<ImageId, string>> InUseAsync(ICloud cloud, IReadOnlyList<CloudImage> listed,
        IReadOnlyDictionary<ImageId, string> inUse, CancellationToken ct)
    {
        var withCopies = listed.Select(i => (Image: i, Copies: RegionalImage.OfTags(i.Tags))).Where(i => i.Copies.Count > 0).ToList();
        if (withCopies.Count == 0 || cloud is not IMultiRegionCloud regional) return inUse;
        var regions = withCopies.SelectMany(i => i.Copies.Select(c => c.Region)).Distinct().ToList();
        var usedIn = (await Task.WhenAll(regions.Select(async r => (Region: r, Used: await regional.InRegion(r).FindImagesInUseAsync(ct)))))
            .ToDictionary(r => r.Region, r => r.Used);
        var result = new Dictionary<ImageId, string>(inUse);
        foreach (var (image, copies) in withCopies)
            foreach (var copy in copies)
                if (!result.ContainsKey(image.Id) && usedIn[copy.Region].TryGetValue(copy.Image, out var by))
                    result[image.Id] = $"{by} in {copy.Region} (its copy {copy.Image})";
        return result;
    }

    /// <summary>Removes the image's copies in other regions with their snapshots (before the image itself, whose tag
    /// is what names them).</summary>
    public static async Task<IReadOnlyList<RegionalImage>> RemoveAsync(ICloud cloud, CloudImage image, CancellationToken ct)
    {
        var copies = RegionalImage.OfTags(image.Tags);
        if (copies.Count == 0 || cloud is not IMultiRegionCloud regional) return [];
        await Task.WhenAll(copies.Select(c => ImageRemoval.RemoveAsync(regional.InRegion(c.Region), c.Image, [], ct)));
        return copies;
    }
}
