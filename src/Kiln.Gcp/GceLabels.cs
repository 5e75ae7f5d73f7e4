using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kiln.Core;

namespace Kiln.Gcp;

/// <summary>Kiln's tags as Compute Engine labels, within Google's rules: keys start with a lower-case letter and hold
/// lower-case letters, digits, `_` and `-` (at most 63); values the same characters, possibly empty. `kiln:run-id`
/// becomes `kiln-run-id`, and back, so the bake's code reads one spelling on both clouds. The source image of
/// another project (`projects/debian-cloud/global/images/NAME`) is two labels, its name and its project, so it reads
/// back whole (the up-to-date check compares it); a repository URL, which no label can hold, becomes a readable
/// stand-in with a digest of the whole URL.</summary>
public static partial class GceLabels
{
    /// <summary>The project of the source image, beside its name in `kiln-source-image`.</summary>
    public const string SourceProjectKey = "kiln-source-project";

    public static string Key(string tag) => tag.StartsWith("kiln:", StringComparison.Ordinal) ? "kiln-" + tag[5..] : tag;

    /// <summary>A value Kiln writes, made to fit: lower case, other characters as `-`; one longer than 63 keeps its
    /// first 56 characters and a digest of the whole, so two long values never read as one.</summary>
    public static string Value(string value)
    {
        var b = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
            b.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '-');
        if (b.Length <= 63) return b.ToString();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..6];
        return $"{b.ToString(0, 56)}-{digest}";
    }

    /// <summary>Kiln's own tags fitted; a user's labels are checked up front and passed as they are.</summary>
    public static Dictionary<string, string> FromTags(IReadOnlyDictionary<string, string> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in tags)
        {
            // EC2's "Name" tag has no meaning here (an instance has a name of its own), and its capital is not a label key.
            if (k == "Name") continue;
            if (k == KilnTags.SourceImage && SourceImage().Match(v) is { Success: true } m)
            {
                labels[Key(k)] = m.Groups["name"].Value;
                labels[SourceProjectKey] = m.Groups["project"].Value;
                continue;
            }
            labels[Key(k)] = k.StartsWith("kiln:", StringComparison.Ordinal) ? Value(k == KilnTags.PlaybookRepo ? Repository(v) : v) : v;
        }
        return labels;
    }

    /// <summary>Every `kiln-…` label back as `kiln:…`; the source image whole again.</summary>
    public static IReadOnlyDictionary<string, string> ToTags(IReadOnlyDictionary<string, string>? labels)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        labels ??= new Dictionary<string, string>();
        foreach (var (k, v) in labels)
        {
            if (k == SourceProjectKey) continue;
            tags[k.StartsWith("kiln-", StringComparison.Ordinal) ? "kiln:" + k[5..] : k] = v;
        }
        if (labels.TryGetValue(SourceProjectKey, out var project) && tags.TryGetValue(KilnTags.SourceImage, out var name))
            tags[KilnTags.SourceImage] = $"projects/{project}/global/images/{name}";
        return tags;
    }

    /// <summary>A repository URL as a label can say it: host and path, without the scheme and `.git`.</summary>
    private static string Repository(string url)
    {
        var text = url;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        if (text.StartsWith("git@", StringComparison.Ordinal)) text = text[4..];
        if (text.EndsWith(".git", StringComparison.Ordinal)) text = text[..^4];
        return text.Trim('/');
    }

    [GeneratedRegex("^projects/(?<project>[a-z][a-z0-9-]{4,28}[a-z0-9])/global/images/(?<name>[a-z][a-z0-9-]{0,62})$")]
    private static partial Regex SourceImage();
}
