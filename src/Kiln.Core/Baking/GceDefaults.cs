using System.Text.RegularExpressions;

namespace Kiln.Core.Baking;

/// <summary>Compute Engine's project and zone as Kiln takes them (kiln.yml, flags, Packer templates), and the local
/// cloud's own.</summary>
public static partial class GceDefaults
{
    /// <summary>The local cloud's Compute Engine project and default zone.</summary>
    public const string LocalProject = "kiln-local";
    public const string LocalZone = "us-central1-a";

    /// <summary>Problems keyed by the setting's name (`project`, `zone`).</summary>
    public static IReadOnlyDictionary<string, string> Problems(string? project, string? zone)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(project)) problems["project"] = "cloud gcp needs a project: set project: in kiln.yml or --project";
        else if (!ProjectId().IsMatch(project))
            problems["project"] = $"'{Naming.NameRules.Printable(project)}' is not a Google Cloud project id: 6 to 30 lower-case letters, digits and '-', starting with a letter";
        if (string.IsNullOrEmpty(zone)) problems["zone"] = "cloud gcp needs a zone: set zone: in kiln.yml or --zone (e.g. asia-northeast1-b)";
        else if (!ZoneName().IsMatch(zone))
            problems["zone"] = $"'{Naming.NameRules.Printable(zone)}' is not a Compute Engine zone name such as asia-northeast1-b";
        return problems;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")] private static partial Regex ProjectId();
    [GeneratedRegex("^[a-z]+-[a-z]+[0-9]+-[a-z]$")] private static partial Regex ZoneName();
}
