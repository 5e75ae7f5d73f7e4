using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Firewalls;

/// <summary>
/// The TCP ports an instance publishes on its loopback address besides 22: those the project's enabled ingress rules
/// allow to it (rules without target tags, or sharing one of its network tags), ranges of at most
/// <see cref="PublishedPorts.MaxRangeSize"/> ports. As on Google, the firewall decides what reaches an instance; here
/// it is read when the instance's container starts.
/// </summary>
public static class FirewallPorts
{
    public static IReadOnlyList<int> For(StateTx tx, string project, IReadOnlyList<string> tags) =>
        tx.All<GceFirewallRecord>(nameGlobs: [$"projects/{project}/global/firewalls/*"])
            .Where(f => !f.Disabled && f.Direction == "INGRESS" && (f.TargetTags.Count == 0 || f.TargetTags.Intersect(tags).Any()))
            .SelectMany(f => f.Allowed)
            .Where(r => r.IpProtocol is "tcp" or "6" or "all")
            .SelectMany(r => r.Ports.SelectMany(Range))
            .Where(p => p is > 0 and <= 65535 && p != 22)
            .Distinct().Order().Take(PublishedPorts.MaxPorts).ToList();

    private static IEnumerable<int> Range(string ports)
    {
        var parts = ports.Split('-');
        if (!int.TryParse(parts[0], out var from)) return [];
        var to = parts.Length == 2 && int.TryParse(parts[1], out var t) ? t : from;
        return to >= from && to - from < PublishedPorts.MaxRangeSize ? Enumerable.Range(from, to - from + 1) : [];
    }
}
