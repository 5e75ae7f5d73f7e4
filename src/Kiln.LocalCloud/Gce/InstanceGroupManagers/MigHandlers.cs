using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Balancing;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>instanceGroupManagers.get, list, aggregatedList, listManagedInstances.</summary>
public static class MigHandlers
{
    public static string PathOf(GceCall call) => $"projects/{call.Project}/zones/{call.Zone}/instanceGroupManagers/{call.Name}";

    public static GceInstanceGroupManagerRecord Find(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        return call.Cloud.State.Read(tx => tx.Get<GceInstanceGroupManagerRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call));
    }

    public static JsonNodeResult Get(GceCall call) => MigJson.Render(call, Find(call));

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var path = $"projects/{call.Project}/zones/{call.Zone}/instanceGroupManagers";
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceGroupManagerRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#instanceGroupManagerList", path,
            rows.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => MigJson.Render(call, g)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceGroupManagerRecord>(nameGlobs: [$"projects/{call.Project}/zones/*/instanceGroupManagers/*"]));
        return GceList.Aggregated(call, "compute#instanceGroupManagerAggregatedList", $"projects/{call.Project}/aggregated/instanceGroupManagers",
            "instanceGroupManagers", GceCatalog.Zones.Order().Select(z => $"zones/{z}"),
            scope => rows.Where(g => $"zones/{g.Zone}" == scope).OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => MigJson.Render(call, g)));
    }

    /// <summary>Each managed instance with its status, current action, version and autohealing health.</summary>
    public static JsonNodeResult ListManagedInstances(GceCall call)
    {
        var g = Find(call);
        var (instances, health) = call.Cloud.State.Read(tx => (
            tx.All<GceInstanceRecord>(nameGlobs: [$"projects/{g.Project}/zones/{g.Zone}/instances/*"]).ToDictionary(i => i.Id),
            GceHealth.Of(tx, GceHealth.AutohealingKey(g.Id))));
        var items = g.Members.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => MigJson.Managed(call, g, m, instances.TryGetValue(m.Instance, out var i) ? i.Status : null, health));
        return GceJson.Object(("managedInstances", GceJson.Array(items)));
    }
}
