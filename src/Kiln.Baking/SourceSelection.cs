using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking;

/// <summary>Pure choices of a source image among candidates the cloud listed.</summary>
public static class SourceSelection
{
    public const string BaseTag = "kiln:base";

    /// <summary>Images a bake may start from: available, not a half-made image of a bake in progress, and not one
    /// whose tests failed (<see cref="Generations"/>).</summary>
    public static bool Usable(CloudImage image) => Generations.Counts(image);

    public static bool IsTemporary(CloudImage image) => Generations.IsTemporary(image);

    /// <summary>The newest usable member of exactly this family (by the stamp in its name), or null.</summary>
    public static CloudImage? NewestOfFamily(Family family, IEnumerable<CloudImage> candidates) =>
        family.Generations(candidates.Where(Usable), i => i.Name, i => i.Created).FirstOrDefault();

    /// <summary>The newest usable image by creation time, or null.</summary>
    public static CloudImage? Newest(IEnumerable<CloudImage> candidates) =>
        candidates.Where(Usable).OrderByDescending(i => i.Created).ThenByDescending(i => i.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Filters Kiln can check itself (EC2 filter names): name, image-id, state, tag:KEY. Others
    /// (virtualization-type, root-device-type, architecture) hold for every image Kiln's clouds list.</summary>
    public static bool Matches(CloudImage image, IReadOnlyDictionary<string, string> filters) =>
        filters.All(f => f.Key switch
        {
            "name" => Glob(f.Value).IsMatch(image.Name),
            "image-id" => Glob(f.Value).IsMatch(image.Id.Value),
            "state" => string.Equals(f.Value, image.State.ToString(), StringComparison.OrdinalIgnoreCase),
            var k when k.StartsWith("tag:", StringComparison.Ordinal) =>
                image.Tags.TryGetValue(k[4..], out var v) && Glob(f.Value).IsMatch(v),
            _ => true,
        });

    /// <summary>EC2 filter wildcards: `*` any run, `?` one character.</summary>
    public static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
}
