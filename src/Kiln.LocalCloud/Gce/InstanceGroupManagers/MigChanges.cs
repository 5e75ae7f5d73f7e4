using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>
/// resize, patch (versions, updatePolicy, autoHealingPolicies, targetSize, namedPorts), setInstanceTemplate,
/// recreateInstances. Each writes the group and answers a DONE operation; the controlling process carries the
/// change out (the caller waits with `wait-until --stable`, as on Google).
/// </summary>
public static class MigChanges
{
    public static Task<JsonNode> ResizeAsync(GceCall call, CancellationToken ct)
    {
        var size = MigRequests.TargetSize(long.TryParse(call.QueryValue("size"), out var s) ? s : null, "size");
        return ChangeAsync(call, "compute.instanceGroupManagers.resize", (_, g) => g with { TargetSize = size }, ct);
    }

    public static Task<JsonNode> PatchAsync(GceCall call, CancellationToken ct)
    {
        var body = call.RequireBody();
        return ChangeAsync(call, "compute.instanceGroupManagers.patch", (tx, g) =>
        {
            var versions = body["versions"] is JsonArray { Count: > 0 } || GceJson.String(body, "instanceTemplate") is not null
                ? MigRequests.Versions(tx, body, g.Project) : g.Versions;
            return g with
            {
                Versions = versions,
                UpdatePolicy = MigRequests.UpdatePolicy(body["updatePolicy"], g.UpdatePolicy),
                AutoHealing = MigRequests.AutoHealing(tx, body["autoHealingPolicies"], g.Project) ?? g.AutoHealing,
                TargetSize = GceJson.Long(body, "targetSize", "resource.targetSize") is { } size ? MigRequests.TargetSize(size) : g.TargetSize,
                NamedPorts = body["namedPorts"] is JsonArray ? MigRequests.NamedPorts(body["namedPorts"], "resource.namedPorts") : g.NamedPorts,
            };
        }, ct);
    }

    /// <summary>One version from this template (a canary's second version goes); instances made from now on use it.</summary>
    public static Task<JsonNode> SetInstanceTemplateAsync(GceCall call, CancellationToken ct)
    {
        var body = call.RequireBody();
        return ChangeAsync(call, "compute.instanceGroupManagers.setInstanceTemplate", (tx, g) => g with
        {
            Versions = MigRequests.Versions(tx, new JsonObject { ["instanceTemplate"] = GceJson.String(body, "instanceTemplate") }, g.Project),
        }, ct);
    }

    public static Task<JsonNode> RecreateInstancesAsync(GceCall call, CancellationToken ct)
    {
        var wanted = GceJson.StringList(call.RequireBody(), "instances").Select(i => GceLinks.Path(i, call.Project, call.Zone)).ToList();
        return ChangeAsync(call, "compute.instanceGroupManagers.recreateInstances", (_, g) =>
        {
            foreach (var w in wanted)
                if (g.Members.All(m => m.Instance != w))
                    throw GceErrors.InvalidField("instanceGroupManagersRecreateInstancesRequest.instances", w, "The instance is not a member of this group.");
            return g with { Members = g.Members.Select(m => wanted.Contains(m.Instance) && m.Action != "DELETING" ? m with { Action = "RECREATING" } : m).ToList() };
        }, ct);
    }

    private static async Task<JsonNode> ChangeAsync(GceCall call, string method, Func<StateTx, GceInstanceGroupManagerRecord, GceInstanceGroupManagerRecord> change,
        CancellationToken ct)
    {
        var path = MigHandlers.Find(call).Id;
        var g = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceInstanceGroupManagerRecord>(path) ?? throw GceErrors.NotFound(path);
            if (current.Deleting) throw GceErrors.NotReady($"The resource '{path}' is being deleted.");
            var changed = change(tx, current) with { Fingerprint = GceJson.NewFingerprint() };
            tx.Put(changed);
            return changed;
        });
        return await GceOperations.RunAsync(call, method.Split('.')[^1], path, g.Number, call.Zone, _ => Task.CompletedTask, ct);
    }
}
