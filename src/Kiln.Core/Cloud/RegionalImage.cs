namespace Kiln.Core.Cloud;

/// <summary>An image in a named region: a generation's copy outside its build region. Written `REGION/IMAGE` in a
/// run's ledger (so `kiln gc` finds a copy a killed bake left in another region) and `REGION:IMAGE,…` in the build
/// region image's <see cref="KilnTags.Copies"/> tag.</summary>
public sealed record RegionalImage(string Region, ImageId Image)
{
    public string LedgerId => $"{Region}/{Image.Value}";

    /// <summary>A ledger id: `REGION/IMAGE` for a copy, a plain image id for the build region (null then).</summary>
    public static RegionalImage? FromLedgerId(string id) =>
        id.IndexOf('/') is > 0 and var slash ? new RegionalImage(id[..slash], new ImageId(id[(slash + 1)..])) : null;

    public static string Tag(IEnumerable<RegionalImage> copies) => string.Join(',', copies.Select(c => $"{c.Region}:{c.Image.Value}"));

    /// <summary>The copies an image's tags name; none when the tag is absent or malformed in part.</summary>
    public static IReadOnlyList<RegionalImage> OfTags(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(KilnTags.Copies, out var value)
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => e.Split(':')).Where(p => p.Length == 2 && p[0].Length > 0 && p[1].Length > 0)
                .Select(p => new RegionalImage(p[0], new ImageId(p[1]))).ToList()
            : [];
}
