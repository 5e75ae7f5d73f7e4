using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Images;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.InstanceTemplates;

/// <summary>
/// instanceTemplates.insert, get, list, aggregatedList, delete (global templates). Templates are immutable; the
/// properties are checked at insert as an instance's would be (machine type, boot image, metadata, labels), and a
/// template a managed instance group uses cannot be deleted (resourceInUseByAnotherResource).
/// </summary>
public static class InstanceTemplateHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/global/instanceTemplates/{call.Name}";

    public static JsonObject Render(GceCall call, GceInstanceTemplateRecord t) => Object(
        ("kind", "compute#instanceTemplate"), ("id", Number(t.Number)), ("creationTimestamp", Time(t.Created)), ("name", t.Name),
        ("description", Str(t.Description)), ("properties", JsonNode.Parse(t.PropertiesJson)), ("selfLink", call.Link(t.Id)));

    public static GceInstanceTemplateRecord Find(StateTx tx, string reference, string project, string field)
    {
        var path = GceLinks.Path(reference, project);
        if (!path.Contains("/global/instanceTemplates/", StringComparison.Ordinal))
            throw GceErrors.InvalidField(field, reference, "It must name a global instance template (global/instanceTemplates/NAME).");
        return tx.Get<GceInstanceTemplateRecord>(path) ?? throw GceErrors.NotFound(path);
    }

    public static JsonNodeResult Get(GceCall call)
    {
        GceProjects.Require(call);
        return Render(call, call.Cloud.State.Read(tx => tx.Get<GceInstanceTemplateRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call)));
    }

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        var path = $"projects/{call.Project}/global/instanceTemplates";
        return GceList.Page(call, "compute#instanceTemplateList", path, All(call).Select(t => Render(call, t)));
    }

    /// <summary>Global templates under the `global` scope; the local cloud has no regional ones.</summary>
    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var all = All(call);
        return GceList.Aggregated(call, "compute#instanceTemplateAggregatedList", $"projects/{call.Project}/aggregated/instanceTemplates",
            "instanceTemplates", ["global", .. GceCatalog.Regions.Keys.Order().Select(r => $"regions/{r}")],
            scope => scope == "global" ? all.Select(t => Render(call, t)) : []);
    }

    private static IEnumerable<GceInstanceTemplateRecord> All(GceCall call) => call.Cloud.State
        .Read(tx => tx.All<GceInstanceTemplateRecord>(nameGlobs: [$"projects/{call.Project}/global/instanceTemplates/*"]))
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var properties = body["properties"] as JsonObject ?? throw GceErrors.Required("resource.properties");
        var machineType = GceJson.String(properties, "machineType") ?? throw GceErrors.Required("resource.properties.machineType");
        if (GceCatalog.FindMachineType(GceLinks.Last(machineType)) is null)
            throw GceErrors.InvalidField("resource.properties.machineType", machineType, $"Machine type with name '{GceLinks.Last(machineType)}' does not exist.");
        if (properties["disks"] is not JsonArray { Count: 1 } disks || GceJson.String(disks[0]?["initializeParams"], "sourceImage") is not { } image)
            throw GceErrors.Invalid("An instance template here has one boot disk made from an image: give properties.disks[0].initializeParams.sourceImage.");
        MetadataJson.Parse(properties["metadata"], "resource.properties.metadata");
        GceNames.Labels(properties["labels"], "resource.properties.labels");
        var path = $"projects/{call.Project}/global/instanceTemplates/{name}";
        var template = call.Cloud.State.Write(tx =>
        {
            ImageReferences.Resolve(tx, image, call.Project, "resource.properties.disks[0].initializeParams.sourceImage");
            if (tx.Get<GceInstanceTemplateRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            var t = new GceInstanceTemplateRecord(path, NewNumber(), call.Project, name, GceJson.String(body, "description"),
                properties.ToJsonString(), call.Now);
            tx.Put(t);
            return t;
        });
        return await GceOperations.RunAsync(call, "insert", path, template.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var path = PathOf(call);
        var template = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceInstanceTemplateRecord>(path) ?? throw GceErrors.NotFound(path);
            var user = tx.All<GceInstanceGroupManagerRecord>(nameGlobs: [$"projects/{call.Project}/zones/*"])
                .FirstOrDefault(g => g.Versions.Any(v => v.InstanceTemplate == path) || g.Members.Any(m => m.InstanceTemplate == path));
            if (user is not null) throw GceErrors.InUse($"instance_template resource '{path}'", user.Id);
            tx.Delete<GceInstanceTemplateRecord>(path);
            return current;
        });
        return await GceOperations.RunAsync(call, "delete", path, template.Number, zone: null, _ => Task.CompletedTask, ct);
    }
}
