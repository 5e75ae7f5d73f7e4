using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.Gcp.Deploy;

/// <summary>What a rollback goes back to: `template:NAME` (rolling, canary) or `group:NAME` (blue/green).</summary>
public sealed record RollbackTarget(string Kind, string Name)
{
    public const string TemplateKind = "template";
    public const string GroupKind = "group";
    public override string ToString() => $"{Kind}:{Name}";
}

/// <summary>Names and markers of a deploy's Compute Engine resources, within Google's naming rule (RFC 1035: a
/// lower-case letter, then letters, digits and `-`, not ending in `-`, at most 63). Pure.</summary>
public static partial class GceDeployNames
{
    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")] private static partial Regex Rfc1035();

    /// <summary>A group name leaves room for the generation suffix (`-v002`) within Google's 63.</summary>
    public const int MaxGroup = 58;

    /// <summary>Why Google would refuse <paramref name="name"/> as the name of the deploy's group, or null.</summary>
    public static string? GroupProblem(string name) =>
        name.Length <= MaxGroup && Rfc1035().IsMatch(name) ? null
            : $"--group '{name}' is not a Compute Engine name: a lower-case letter, then lower-case letters, digits and '-', not ending in '-', at most {MaxGroup} (e.g. --group web)";

    public static string? LoadBalancerProblem(string name) =>
        name.Length <= 63 && Rfc1035().IsMatch(name) ? null
            : $"--lb '{name}' is not a Compute Engine name: a lower-case letter, then lower-case letters, digits and '-', not ending in '-', at most 63";

    /// <summary>The instance template of an image in a deploy: `GROUP-IMAGE`, cut to 63 with a hash of the whole
    /// when longer (the same pair always gives the same name, so a template is made once per image).</summary>
    public static string Template(string group, string image)
    {
        var name = $"{group}-{image}";
        if (name.Length <= 63) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(63 - 9)].TrimEnd('-')}-{hash}";
    }

    /// <summary>The network tag the deploy's instances carry (the firewall rule opens the port to it).</summary>
    public static string NetworkTag(string group) => $"kiln-{group}";

    /// <summary>The firewall rule opening the deploy's port (rules take no labels: the name says whose it is).</summary>
    public static string Firewall(string group, int port) => Template("kiln", $"{group}-{port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Google names a zone after its region (`us-central1-a` is in `us-central1`).</summary>
    public static string Region(string zone) => zone[..zone.LastIndexOf('-')];

    // The backend service's description carries the deploy's markers: `kiln-deploy=web kiln-rollback=template:NAME`.
    private const string DeployKey = "kiln-deploy=";
    private const string RollbackKey = "kiln-rollback=";

    public static string Description(string group, RollbackTarget? rollback) =>
        $"{DeployKey}{group}" + (rollback is null ? "" : $" {RollbackKey}{rollback}");

    public static string? DeployOf(string? description) => Token(description, DeployKey);

    public static RollbackTarget? RollbackOf(string? description) => Token(description, RollbackKey) switch
    {
        { } v when v.IndexOf(':', StringComparison.Ordinal) is > 0 and var i => new RollbackTarget(v[..i], v[(i + 1)..]),
        _ => null,
    };

    private static string? Token(string? description, string key) =>
        (description ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(t => t.StartsWith(key, StringComparison.Ordinal))?[key.Length..];
}
