using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Projects;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>autoscalers.list and aggregatedList: the local cloud makes no autoscalers, so the lists are empty (gcloud
/// lists them to tell whether a group it describes or resizes is autoscaled).</summary>
public static class AutoscalerHandlers
{
    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        return GceList.Page(call, "compute#autoscalerList", $"projects/{call.Project}/zones/{call.Zone}/autoscalers", []);
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        return GceList.Aggregated(call, "compute#autoscalerAggregatedList", $"projects/{call.Project}/aggregated/autoscalers", "autoscalers",
            GceCatalog.Zones.Order().Select(z => $"zones/{z}"), _ => []);
    }
}
