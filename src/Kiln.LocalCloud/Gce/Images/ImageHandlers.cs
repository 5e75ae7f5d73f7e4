using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Images;

/// <summary>images.list, get, getFromFamily, delete, deprecate, setLabels.</summary>
public static class ImageHandlers
{
    public static JsonNodeResult List(GceCall call)
    {
        ImageReferences.RequireProject(call.Project);
        var images = call.Cloud.State.Read(tx => ImageReferences.All(tx, call.Project));
        return GceList.Page(call, "compute#imageList", $"projects/{call.Project}/global/images",
            images.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => ImageJson.Render(call, i)));
    }

    public static JsonNodeResult Get(GceCall call) =>
        ImageJson.Render(call, call.Cloud.State.Read(tx => ImageReferences.Get(tx, call.Project, call.Name)));

    public static JsonNodeResult GetFromFamily(GceCall call) =>
        ImageJson.Render(call, call.Cloud.State.Read(tx => ImageReferences.FromFamily(tx, call.Project, call.Values["family"])));

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        var image = Writable(call);
        return await GceOperations.RunAsync(call, "delete", image.Id, image.Number, zone: null, async token =>
        {
            call.Cloud.State.Write(tx => { tx.Delete<GceImageRecord>(image.Id); });
            // A tag a container still uses stays until the reconciler finds it unowned.
            await call.Cloud.Podman.RemoveImageAsync(image.PodmanImage, token);
        }, ct);
    }

    private static readonly string[] States = ["ACTIVE", "DEPRECATED", "OBSOLETE", "DELETED"];

    public static async Task<JsonNode> DeprecateAsync(GceCall call, CancellationToken ct)
    {
        var image = Writable(call);
        var body = call.RequireBody();
        var state = GceJson.String(body, "state") ?? "ACTIVE";
        if (!States.Contains(state)) throw GceErrors.InvalidField("deprecationStatus.state", state, "It must be ACTIVE, DEPRECATED, OBSOLETE or DELETED.");
        var replacement = GceJson.String(body, "replacement") is { Length: > 0 } r ? GceLinks.Path(r, call.Project) : null;
        var deprecation = state == "ACTIVE" ? null
            : new GceDeprecation(state, replacement, GceJson.String(body, "deprecated"), GceJson.String(body, "obsolete"), GceJson.String(body, "deleted"));
        return await GceOperations.RunAsync(call, "deprecate", image.Id, image.Number, zone: null, _ =>
        {
            Change(call, image.Id, i => i with { Deprecated = deprecation });
            return Task.CompletedTask;
        }, ct);
    }

    public static async Task<JsonNode> SetLabelsAsync(GceCall call, CancellationToken ct)
    {
        var image = Writable(call);
        var body = call.RequireBody();
        var labels = GceNames.Labels(body["labels"], "globalSetLabelsRequest.labels");
        var fingerprint = GceJson.String(body, "labelFingerprint");
        call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceImageRecord>(image.Id) ?? throw GceErrors.NotFound(image.Id);
            if (!GceJson.SameFingerprint(fingerprint, current.LabelFingerprint)) throw GceErrors.StaleFingerprint("label");
            tx.Put(current with { Labels = labels, LabelFingerprint = GceJson.NewFingerprint() });
        });
        return await GceOperations.RunAsync(call, "setLabels", image.Id, image.Number, zone: null, _ => Task.CompletedTask, ct);
    }

    /// <summary>An image of the local project (public images are Google's: changing them is forbidden).</summary>
    private static GceImageRecord Writable(GceCall call)
    {
        if (PublicImages.IsPublic(call.Project))
            throw GceErrors.Forbidden($"compute.{call.Method.Split('.')[^1]}", $"projects/{call.Project}/global/images/{call.Name}");
        return call.Cloud.State.Read(tx => ImageReferences.Get(tx, call.Project, call.Name));
    }

    private static void Change(GceCall call, string path, Func<GceImageRecord, GceImageRecord> change) =>
        call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceImageRecord>(path) ?? throw GceErrors.NotFound(path);
            tx.Put(change(current));
        });
}
