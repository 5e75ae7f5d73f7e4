using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Balancing;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>The `InstanceGroupManager` and `ManagedInstance` messages.</summary>
public static class MigJson
{
    public static JsonObject? FixedOrPercent(GceFixedOrPercent? v, int targetSize, bool roundUp = false) => v is null ? null : Object(
        ("fixed", v.Fixed), ("percent", v.Percent), ("calculated", v.Of(targetSize, roundUp)));

    public static JsonObject Render(GceCall call, GceInstanceGroupManagerRecord g) => Object(
        ("kind", "compute#instanceGroupManager"), ("id", Number(g.Number)), ("creationTimestamp", Time(g.Created)), ("name", g.Name),
        ("description", Str(g.Description)), ("zone", call.Link($"projects/{g.Project}/zones/{g.Zone}")),
        ("instanceTemplate", call.Link(g.InstanceTemplate)),
        ("versions", Array(g.Versions.Select(v => (JsonNode?)Object(("name", Str(v.Name)), ("instanceTemplate", call.Link(v.InstanceTemplate)),
            ("targetSize", FixedOrPercent(v.TargetSize, g.TargetSize)))))),
        ("instanceGroup", call.Link(g.GroupPath)), ("baseInstanceName", g.BaseInstanceName), ("fingerprint", g.Fingerprint),
        ("currentActions", new JsonObject(MigStatus.Actions.Select(a => KeyValuePair.Create(a, (JsonNode?)JsonValue.Create(MigStatus.Count(g, a)))))),
        ("status", Object(("isStable", MigStatus.IsStable(g)), ("versionTarget", Object(("isReached", MigStatus.IsReached(g)))),
            ("stateful", Object(("hasStatefulConfig", false), ("perInstanceConfigs", Object(("allEffective", true))))))),
        ("targetSize", g.TargetSize),
        ("namedPorts", g.NamedPorts.Count == 0 ? null : Array(g.NamedPorts.Select(p => (JsonNode?)Object(("name", p.Name), ("port", p.Port))))),
        ("autoHealingPolicies", g.AutoHealing.Count == 0 ? null : Array(g.AutoHealing.Select(a => (JsonNode?)Object(
            ("healthCheck", call.Link(a.HealthCheck)), ("initialDelaySec", a.InitialDelaySec))))),
        ("updatePolicy", Object(("type", g.UpdatePolicy.Type), ("instanceRedistributionType", "PROACTIVE"),
            ("minimalAction", g.UpdatePolicy.MinimalAction), ("mostDisruptiveAllowedAction", "REPLACE"),
            ("maxSurge", FixedOrPercent(g.UpdatePolicy.MaxSurge, g.TargetSize, roundUp: true)),
            ("maxUnavailable", FixedOrPercent(g.UpdatePolicy.MaxUnavailable, g.TargetSize)),
            ("replacementMethod", g.UpdatePolicy.ReplacementMethod))),
        ("listManagedInstancesResults", "PAGELESS"), ("selfLink", call.Link(g.Id)));

    /// <param name="status">The instance's status, null while it is being made.</param>
    public static JsonObject Managed(GceCall call, GceInstanceGroupManagerRecord g, GceManagedInstance m, string? status,
        IReadOnlyDictionary<string, string> health) => Object(
        ("instance", call.Link(m.Instance)), ("id", m.Number is { } n ? Number(n) : null), ("name", m.Name),
        ("instanceStatus", Str(status)), ("currentAction", m.Action),
        ("version", Object(("instanceTemplate", call.Link(m.InstanceTemplate)), ("name", Str(m.VersionName)))),
        ("instanceHealth", g.AutoHealing.Count == 0 || status is null ? null : new JsonArray(Object(
            ("healthCheck", call.Link(g.AutoHealing[0].HealthCheck)),
            ("detailedHealthState", GceHealth.GoogleState(health.GetValueOrDefault(m.Instance)) switch
            {
                "HEALTHY" => "HEALTHY", "UNHEALTHY" => "UNHEALTHY", _ => "UNKNOWN",
            })))),
        ("lastAttempt", m.LastError is null ? null : Object(("errors", Object(("errors", new JsonArray(Object(
            ("code", "INTERNAL_ERROR"), ("message", m.LastError)))))))));
}
