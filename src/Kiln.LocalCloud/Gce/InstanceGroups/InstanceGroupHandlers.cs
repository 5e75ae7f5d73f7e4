using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.InstanceGroupManagers;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.InstanceGroups;

/// <summary>instanceGroups.get, list, aggregatedList, listInstances, setNamedPorts: the instance group each managed
/// instance group is (the local cloud has no unmanaged groups).</summary>
public static class InstanceGroupHandlers
{
    private static GceInstanceGroupManagerRecord Find(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var path = $"projects/{call.Project}/zones/{call.Zone}/instanceGroups/{call.Name}";
        return call.Cloud.State.Read(tx => tx.Get<GceInstanceGroupManagerRecord>($"projects/{call.Project}/zones/{call.Zone}/instanceGroupManagers/{call.Name}"))
            ?? throw GceErrors.NotFound(path);
    }

    public static JsonObject Render(GceCall call, GceInstanceGroupManagerRecord g) => Object(
        ("kind", "compute#instanceGroup"), ("id", Number(g.GroupNumber)), ("creationTimestamp", Time(g.Created)), ("name", g.Name),
        ("description", "This instance group is controlled by Instance Group Manager '" + g.Name + "'. To modify instances in this group, use the Instance Group Manager API: https://cloud.google.com/compute/docs/reference/latest/instanceGroupManagers"),
        ("namedPorts", g.NamedPorts.Count == 0 ? null : Array(g.NamedPorts.Select(p => (JsonNode?)Object(("name", p.Name), ("port", p.Port))))),
        ("network", call.Link($"projects/{g.Project}/global/networks/default")), ("fingerprint", g.GroupFingerprint),
        ("zone", call.Link($"projects/{g.Project}/zones/{g.Zone}")), ("selfLink", call.Link(g.GroupPath)),
        ("size", g.Members.Count(m => m.Number is not null)),
        ("subnetwork", call.Link($"projects/{g.Project}/regions/{GceCatalog.RegionOf(g.Zone)}/subnetworks/default")));

    public static JsonNodeResult Get(GceCall call) => Render(call, Find(call));

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceGroupManagerRecord>(nameGlobs: [$"projects/{call.Project}/zones/{call.Zone}/instanceGroupManagers/*"]));
        return GceList.Page(call, "compute#instanceGroupList", $"projects/{call.Project}/zones/{call.Zone}/instanceGroups",
            rows.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => Render(call, g)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceGroupManagerRecord>(nameGlobs: [$"projects/{call.Project}/zones/*/instanceGroupManagers/*"]));
        return GceList.Aggregated(call, "compute#instanceGroupAggregatedList", $"projects/{call.Project}/aggregated/instanceGroups",
            "instanceGroups", GceCatalog.Zones.Order().Select(z => $"zones/{z}"),
            scope => rows.Where(g => $"zones/{g.Zone}" == scope).OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => Render(call, g)));
    }

    /// <summary>The group's instances that exist, with their status and named ports.</summary>
    public static JsonNodeResult ListInstances(GceCall call)
    {
        var g = Find(call);
        var instances = g.Members.Count == 0 ? [] : call.Cloud.State.Read(tx => tx.All<GceInstanceRecord>(ids: g.Members.Select(m => m.Instance).ToList()));
        var items = instances.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => Object(
            ("instance", call.Link(i.Id)), ("status", i.Status),
            ("namedPorts", g.NamedPorts.Count == 0 ? null : Array(g.NamedPorts.Select(p => (JsonNode?)Object(("name", p.Name), ("port", p.Port)))))));
        return GceList.Page(call, "compute#instanceGroupsListInstances", g.GroupPath + "/listInstances", items);
    }

    public static async Task<JsonNode> SetNamedPortsAsync(GceCall call, CancellationToken ct)
    {
        var body = call.RequireBody();
        var ports = MigRequests.NamedPorts(body["namedPorts"], "instanceGroupsSetNamedPortsRequest.namedPorts");
        var fingerprint = GceJson.String(body, "fingerprint");
        var g = Find(call);
        call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceInstanceGroupManagerRecord>(g.Id) ?? throw GceErrors.NotFound(g.GroupPath);
            if (fingerprint is not null && !GceJson.SameFingerprint(fingerprint, current.GroupFingerprint)) throw GceErrors.StaleFingerprint("instance group");
            tx.Put(current with { NamedPorts = ports, GroupFingerprint = GceJson.NewFingerprint() });
        });
        return await GceOperations.RunAsync(call, "setNamedPorts", g.GroupPath, g.GroupNumber, call.Zone, _ => Task.CompletedTask, ct);
    }
}
