using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>instances.get, list, aggregatedList, start, stop (TERMINATED is Compute Engine's word for stopped).</summary>
public static class InstanceHandlers
{
    public static GceInstanceRecord Find(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var path = $"projects/{call.Project}/zones/{call.Zone}/instances/{call.Name}";
        return call.Cloud.State.Read(tx => tx.Get<GceInstanceRecord>(path)) ?? throw GceErrors.NotFound(path);
    }

    public static JsonNodeResult Get(GceCall call) => InstanceJson.Render(call, Find(call));

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var path = $"projects/{call.Project}/zones/{call.Zone}/instances";
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#instanceList", path, rows.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => InstanceJson.Render(call, i)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceInstanceRecord>(nameGlobs: [$"projects/{call.Project}/zones/*/instances/*"]));
        return GceList.Aggregated(call, "compute#instanceAggregatedList", $"projects/{call.Project}/aggregated/instances", "instances",
            GceCatalog.Zones.Order().Select(z => $"zones/{z}"),
            scope => rows.Where(i => $"zones/{i.Zone}" == scope).OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => InstanceJson.Render(call, i)));
    }

    public static async Task<JsonNode> StopAsync(GceCall call, CancellationToken ct)
    {
        var i = Find(call);
        return await GceOperations.RunAsync(call, "stop", i.Id, i.Number, call.Zone, async token =>
        {
            if (i.Status == "TERMINATED") return;
            await call.Cloud.Podman.HaltAsync(call.Cloud.Machines.ContainerName(i.MachineId), token);
            Record(call, i.Id, "TERMINATED", c => c with { LastStop = call.Now });
        }, ct);
    }

    public static async Task<JsonNode> StartAsync(GceCall call, CancellationToken ct)
    {
        var i = Find(call);
        return await GceOperations.RunAsync(call, "start", i.Id, i.Number, call.Zone, async token =>
        {
            if (i.Status == "RUNNING") return;
            await call.Cloud.Podman.StartAsync(call.Cloud.Machines.ContainerName(i.MachineId), token);
            Record(call, i.Id, "RUNNING", c => c with { LastStart = call.Now, StatusMessage = null });
        }, ct);
    }

    private static void Record(GceCall call, string path, string status, Func<GceInstanceRecord, GceInstanceRecord> change) =>
        call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceInstanceRecord>(path) is { } current) tx.Put(change(current) with { Status = status });
        });
}
