using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.InstanceTemplates;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>The parts of an InstanceGroupManager body, checked as Google checks them.</summary>
public static class MigRequests
{
    public static GceFixedOrPercent? FixedOrPercent(JsonNode? node, string field)
    {
        if (node is null) return null;
        var f = GceJson.Long(node, "fixed", field + ".fixed");
        var p = GceJson.Long(node, "percent", field + ".percent");
        if (f is null && p is null) return null;
        if (f is not null && p is not null) throw GceErrors.Invalid($"Only one of {field}.fixed and {field}.percent may be set.");
        if (f is < 0) throw GceErrors.InvalidField(field + ".fixed", f.ToString(), "It must not be negative.");
        if (p is < 0 or > 100) throw GceErrors.InvalidField(field + ".percent", p.ToString(), "It must be 0 to 100.");
        return new GceFixedOrPercent((int?)f, (int?)p);
    }

    /// <summary>`versions`, or the single `instanceTemplate`; each template must exist; at most one version has no
    /// target size (it takes the rest).</summary>
    public static IReadOnlyList<GceGroupVersion> Versions(StateTx tx, JsonObject body, string project)
    {
        var versions = new List<GceGroupVersion>();
        if (body["versions"] is JsonArray { Count: > 0 } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var field = $"resource.versions[{i}]";
                var template = GceJson.String(array[i], "instanceTemplate") ?? throw GceErrors.Required(field + ".instanceTemplate");
                versions.Add(new GceGroupVersion(GceJson.String(array[i], "name"),
                    InstanceTemplateHandlers.Find(tx, template, project, field + ".instanceTemplate").Id,
                    FixedOrPercent(array[i]?["targetSize"], field + ".targetSize")));
            }
        }
        else if (GceJson.String(body, "instanceTemplate") is { } template)
            versions.Add(new GceGroupVersion(null, InstanceTemplateHandlers.Find(tx, template, project, "resource.instanceTemplate").Id, null));
        else throw GceErrors.Required("resource.instanceTemplate");
        if (versions.Count > 2) throw GceErrors.Invalid("A managed instance group has at most two versions.");
        if (versions.Count(v => v.TargetSize is null) != 1)
            throw GceErrors.Invalid("Exactly one version must leave targetSize unset (it takes the instances the others do not).");
        if (versions.Select(v => v.InstanceTemplate).Distinct().Count() != versions.Count)
            throw GceErrors.Invalid("Two versions of a managed instance group must use different instance templates.");
        return versions;
    }

    public static GceUpdatePolicy UpdatePolicy(JsonNode? node, GceUpdatePolicy current)
    {
        if (node is null) return current;
        var type = GceJson.String(node, "type") ?? current.Type;
        if (type is not ("PROACTIVE" or "OPPORTUNISTIC")) throw GceErrors.InvalidField("resource.updatePolicy.type", type, "It must be PROACTIVE or OPPORTUNISTIC.");
        var action = GceJson.String(node, "minimalAction") ?? current.MinimalAction;
        if (action is not ("REPLACE" or "RESTART" or "REFRESH" or "NONE"))
            throw GceErrors.InvalidField("resource.updatePolicy.minimalAction", action, "It must be REPLACE, RESTART, REFRESH or NONE.");
        var method = GceJson.String(node, "replacementMethod") ?? current.ReplacementMethod;
        var policy = new GceUpdatePolicy(type, action,
            FixedOrPercent(node["maxSurge"], "resource.updatePolicy.maxSurge") ?? current.MaxSurge,
            FixedOrPercent(node["maxUnavailable"], "resource.updatePolicy.maxUnavailable") ?? current.MaxUnavailable, method);
        if (type == "PROACTIVE" && policy.MaxSurge is { Fixed: 0 or null, Percent: 0 or null } && policy.MaxUnavailable is { Fixed: 0 or null, Percent: 0 or null })
            throw GceErrors.Invalid("Fixed updatePolicy.maxSurge and updatePolicy.maxUnavailable cannot both be 0: the update could not replace any instance.");
        return policy;
    }

    public static IReadOnlyList<GceAutoHealing>? AutoHealing(StateTx tx, JsonNode? node, string project)
    {
        if (node is not JsonArray array) return null;
        if (array.Count > 1) throw GceErrors.Invalid("A managed instance group has at most one autohealing policy.");
        return array.Select((p, i) =>
        {
            var hc = GceJson.String(p, "healthCheck") ?? throw GceErrors.Required($"resource.autoHealingPolicies[{i}].healthCheck");
            var path = GceLinks.Path(hc, project);
            if (tx.Get<GceHealthCheckRecord>(path) is null) throw GceErrors.NotFound(path);
            var delay = GceJson.Long(p, "initialDelaySec", $"resource.autoHealingPolicies[{i}].initialDelaySec") ?? 300;
            if (delay is < 0 or > 3600) throw GceErrors.InvalidField($"resource.autoHealingPolicies[{i}].initialDelaySec", delay.ToString(), "It must be 0 to 3600.");
            return new GceAutoHealing(path, (int)delay);
        }).ToList();
    }

    public static IReadOnlyList<GceNamedPort> NamedPorts(JsonNode? node, string field) =>
        node is JsonArray array ? array.Select((p, i) =>
        {
            var name = GceNames.Check(GceJson.String(p, "name"), $"{field}[{i}].name");
            var port = GceJson.Long(p, "port", $"{field}[{i}].port") ?? throw GceErrors.Required($"{field}[{i}].port");
            if (port is < 1 or > 65535) throw GceErrors.InvalidField($"{field}[{i}].port", port.ToString(), "It must be 1 to 65535.");
            return new GceNamedPort(name, (int)port);
        }).ToList() : [];

    public static int TargetSize(long? size, string field = "resource.targetSize") =>
        size is null ? throw GceErrors.Required(field)
        : size is < 0 or > 1000 ? throw GceErrors.InvalidField(field, size.ToString(), "It must be 0 to 1000 (the local cloud's limit).")
        : (int)size;
}
