using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Images;
using Kiln.LocalCloud.Gce.Instances;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Disks;

/// <summary>disks.insert (from an image: its podman image named again for the disk), get, list, aggregatedList,
/// delete (refused while an instance uses the disk), setLabels.</summary>
public static class DiskHandlers
{
    private static string PathOf(GceCall call) => $"projects/{call.Project}/zones/{call.Zone}/disks/{call.Name}";

    private static GceDiskRecord Find(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        return call.Cloud.State.Read(tx => tx.Get<GceDiskRecord>(PathOf(call))) ?? throw GceErrors.NotFound(PathOf(call));
    }

    public static JsonNodeResult Get(GceCall call) => DiskJson.Render(call, Find(call));

    public static JsonNodeResult List(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var path = $"projects/{call.Project}/zones/{call.Zone}/disks";
        var rows = call.Cloud.State.Read(tx => tx.All<GceDiskRecord>(nameGlobs: [path + "/*"]));
        return GceList.Page(call, "compute#diskList", path, rows.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => DiskJson.Render(call, d)));
    }

    public static JsonNodeResult Aggregated(GceCall call)
    {
        GceProjects.Require(call);
        var rows = call.Cloud.State.Read(tx => tx.All<GceDiskRecord>(nameGlobs: [$"projects/{call.Project}/zones/*/disks/*"]));
        return GceList.Aggregated(call, "compute#diskAggregatedList", $"projects/{call.Project}/aggregated/disks", "disks",
            GceCatalog.Zones.Order().Select(z => $"zones/{z}"),
            scope => rows.Where(d => $"zones/{d.Zone}" == scope).OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => DiskJson.Render(call, d)));
    }

    public static async Task<JsonNode> InsertAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var labels = GceNames.Labels(body["labels"]);
        // gcloud passes the image as a query parameter; the API takes it in the body too.
        var sourceImage = call.QueryValue("sourceImage") ?? GceJson.String(body, "sourceImage")
            ?? throw GceErrors.Invalid("The local cloud makes disks from images: give sourceImage (blank disks and snapshots are not served).");
        var size = GceJson.Long(body, "sizeGb", "resource.sizeGb");
        var type = GceJson.String(body, "type") is { } t ? GceLinks.Last(t) : "pd-standard";
        var path = $"projects/{call.Project}/zones/{call.Zone}/disks/{name}";
        var number = GceJson.NewNumber();
        var podmanImage = call.Cloud.Layout.GcePodmanImage($"disk-{number}");
        var (disk, from) = call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceDiskRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            var image = ImageReferences.Resolve(tx, sourceImage, call.Project, "sourceImage");
            if (size is { } s && s < image.DiskSizeGb)
                throw GceErrors.InvalidField("resource.sizeGb", s.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"Requested disk size cannot be smaller than the image size ({image.DiskSizeGb} GB)");
            var disk = new GceDiskRecord(path, number, call.Project, call.Zone, name, GceJson.String(body, "description"),
                size ?? image.DiskSizeGb, type, image.Id, image.Number, "CREATING", call.Now, [], labels, GceJson.NewFingerprint(),
                podmanImage, null, null);
            tx.Put(disk);
            return (disk, image);
        });
        return await GceOperations.RunAsync(call, "insert", disk.Id, disk.Number, call.Zone, async token =>
        {
            try
            {
                await call.Cloud.Podman.TagAsync(from.PodmanImage, podmanImage, token);
            }
            catch
            {
                call.Cloud.State.Write(tx => { tx.Delete<GceDiskRecord>(disk.Id); });
                throw;
            }
            call.Cloud.State.Write(tx =>
            {
                if (tx.Get<GceDiskRecord>(disk.Id) is { } current) tx.Put(current with { Status = "READY" });
            });
        }, ct);
    }

    public static async Task<JsonNode> DeleteAsync(GceCall call, CancellationToken ct)
    {
        var disk = Find(call);
        var removed = call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceDiskRecord>(disk.Id) ?? throw GceErrors.NotFound(disk.Id);
            if (current.Users.Count > 0) throw GceErrors.InUse($"disk resource '{disk.Id}'", current.Users[0]);
            tx.Delete<GceDiskRecord>(disk.Id);
            return current;
        });
        return await GceOperations.RunAsync(call, "delete", disk.Id, disk.Number, call.Zone,
            token => GceMachines.ForgetAsync(call.Cloud, removed.PodmanImage, token), ct);
    }

    public static async Task<JsonNode> SetLabelsAsync(GceCall call, CancellationToken ct)
    {
        var disk = Find(call);
        var body = call.RequireBody();
        var labels = GceNames.Labels(body["labels"], "zoneSetLabelsRequest.labels");
        var fingerprint = GceJson.String(body, "labelFingerprint");
        call.Cloud.State.Write(tx =>
        {
            var current = tx.Get<GceDiskRecord>(disk.Id) ?? throw GceErrors.NotFound(disk.Id);
            if (!GceJson.SameFingerprint(fingerprint, current.LabelFingerprint)) throw GceErrors.StaleFingerprint("label");
            tx.Put(current with { Labels = labels, LabelFingerprint = GceJson.NewFingerprint() });
        });
        return await GceOperations.RunAsync(call, "setLabels", disk.Id, disk.Number, call.Zone, _ => Task.CompletedTask, ct);
    }
}
