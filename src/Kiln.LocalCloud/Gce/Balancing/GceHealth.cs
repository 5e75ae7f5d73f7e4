using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Balancing;

/// <summary>
/// Health as the controlling process last saw it, kept in the state (the ELBv2 target groups' health rows, keyed by
/// a Compute Engine path), so every endpoint process over this home answers getHealth and listManagedInstances alike.
/// Keys: a backend service's path; a group's path + `#autohealing`. Entries are keyed by instance path.
/// </summary>
public static class GceHealth
{
    public static string AutohealingKey(string groupPath) => groupPath + "#autohealing";

    /// <summary>instance path → `healthy`, `initial`, `unhealthy` or `draining`.</summary>
    public static IReadOnlyDictionary<string, string> Of(StateTx tx, string key) =>
        tx.Get<TargetHealthRecord>(key)?.Targets.ToDictionary(t => t.InstanceId, t => t.State, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Google's words: HEALTHY, UNHEALTHY, and UNKNOWN while a check has no verdict yet.</summary>
    public static string GoogleState(string? state) => state switch
    {
        "healthy" => "HEALTHY",
        "unhealthy" => "UNHEALTHY",
        "draining" => "DRAINING",
        _ => "UNKNOWN",
    };
}
