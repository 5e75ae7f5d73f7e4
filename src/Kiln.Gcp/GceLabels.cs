using System.Text;
using System.Text.RegularExpressions;
using Kiln.Core;

namespace Kiln.Gcp;

/// <summary>Kiln's tags as Compute Engine labels, within Google's rules: keys start with a lower-case letter and hold
/// lower-case letters, digits, `_` and `-` (at most 63); values the same characters, possibly empty. `kiln:run-id`
/// becomes `kiln-run-id`, and back, so the bake's code reads one spelling on both clouds.</summary>
public static partial class GceLabels
{
    private static readonly string[] KilnKeys =
    [
        KilnTags.RunId, KilnTags.Temporary, KilnTags.Family, KilnTags.SourceImage, KilnTags.PlaybookCommit,
        KilnTags.PlaybookDirty, KilnTags.Version, "kiln:base",
    ];

    public static string Key(string tag) => tag.StartsWith("kiln:", StringComparison.Ordinal) ? "kiln-" + tag[5..] : tag;

    /// <summary>A value Kiln writes, made to fit: lower case, other characters as `-`, at most 63.</summary>
    public static string Value(string value)
    {
        var b = new StringBuilder(Math.Min(value.Length, 63));
        foreach (var c in value.ToLowerInvariant())
        {
            if (b.Length == 63) break;
            b.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '-');
        }
        return b.ToString();
    }

    /// <summary>Kiln's own tags fitted; a user's labels are checked up front (<see cref="Problem"/>) and passed as they are.</summary>
    public static Dictionary<string, string> FromTags(IReadOnlyDictionary<string, string> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in tags)
        {
            var key = Key(k);
            // EC2's "Name" tag has no meaning here (an instance has a name of its own), and its capital is not a label key.
            if (k == "Name") continue;
            labels[key] = k.StartsWith("kiln:", StringComparison.Ordinal) ? Value(v) : v;
        }
        return labels;
    }

    public static IReadOnlyDictionary<string, string> ToTags(IReadOnlyDictionary<string, string>? labels)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            var tag = KilnKeys.FirstOrDefault(t => Key(t) == k) ?? k;
            tags[tag] = v;
        }
        return tags;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,62}$")] private static partial Regex LabelKey();
}
