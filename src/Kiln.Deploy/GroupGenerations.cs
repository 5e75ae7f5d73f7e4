using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.Deploy;

/// <summary>The generations of one deploy's group, on every cloud: `NAME` (the first, counts as 1), `NAME-v002`,
/// `NAME-v003`, … A blue/green deploy makes the next one.</summary>
public static partial class GroupGenerations
{
    [GeneratedRegex(@"-v(\d{3,})$")]
    private static partial Regex GenerationSuffix();

    /// <summary>The generation in a group's name, or null when it is not a group of this deploy.</summary>
    public static int? Of(string deploy, string groupName)
    {
        if (groupName == deploy) return 1;
        if (!groupName.StartsWith(deploy + "-v", StringComparison.Ordinal)) return null;
        var m = GenerationSuffix().Match(groupName);
        return m.Success && m.Index == deploy.Length ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public static string NextName(string deploy, IEnumerable<string> groups)
    {
        var highest = groups.Select(g => Of(deploy, g) ?? 0).DefaultIfEmpty(0).Max();
        return $"{deploy}-v{Math.Max(highest, 1) + 1:000}";
    }
}
