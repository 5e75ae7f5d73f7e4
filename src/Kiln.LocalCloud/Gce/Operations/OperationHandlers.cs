using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Operations;

/// <summary>zoneOperations, regionOperations and globalOperations: get, wait (every operation is DONE by the time its name is known,
/// so wait answers at once), list.</summary>
public static class OperationHandlers
{
    public static JsonNodeResult GetZonal(GceCall call) => Get(call, $"projects/{call.Project}/zones/{call.Zone}/operations/{call.Name}");

    public static JsonNodeResult GetGlobal(GceCall call) => Get(call, $"projects/{call.Project}/global/operations/{call.Name}");

    public static JsonNodeResult GetRegional(GceCall call) => Get(call, $"projects/{call.Project}/regions/{call.Values["region"]}/operations/{call.Name}");

    public static JsonNodeResult ListRegional(GceCall call) =>
        List(call, $"projects/{call.Project}/regions/{call.Values["region"]}/operations");

    public static JsonNodeResult ListZonal(GceCall call) =>
        List(call, $"projects/{call.Project}/zones/{call.Zone}/operations");

    public static JsonNodeResult ListGlobal(GceCall call) =>
        List(call, $"projects/{call.Project}/global/operations");

    private static JsonNodeResult Get(GceCall call, string path)
    {
        GceProjects.Require(call);
        var op = call.Cloud.State.Read(tx => tx.Get<GceOperationRecord>(path)) ?? throw GceErrors.NotFound(path);
        return GceOperations.Render(call, op);
    }

    private static JsonNodeResult List(GceCall call, string path)
    {
        GceProjects.Require(call);
        var ops = call.Cloud.State.Read(tx => tx.All<GceOperationRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#operationList", path, ops.OrderBy(o => o.Created).Select(o => GceOperations.Render(call, o)));
    }
}
