using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Images;

/// <summary>
/// images.insert from a disk or from an image. From a detached disk its podman image is named again; from a disk
/// still attached, its instance's container is committed (paused while it runs, which Google allows only with
/// forceCreate); from an image, that image's podman image is named again. The row is written first (PENDING), so a
/// duplicate name is refused even across endpoint processes; it is READY when the operation is DONE.
/// </summary>
public static class InsertImage
{
    public static async Task<JsonNode> HandleAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var family = GceJson.String(body, "family") is { } f ? GceNames.Check(f, "resource.family") : null;
        var labels = GceNames.Labels(body["labels"]);
        var sourceDisk = GceJson.String(body, "sourceDisk");
        var sourceImage = GceJson.String(body, "sourceImage");
        if ((sourceDisk is null) == (sourceImage is null))
            throw GceErrors.Invalid(sourceDisk is null
                ? "The local cloud makes images from a disk or an image: give sourceDisk or sourceImage (rawDisk and snapshots are not served)."
                : "Give one of sourceDisk and sourceImage, not both.");
        var force = string.Equals(call.QueryValue("forceCreate"), "true", StringComparison.OrdinalIgnoreCase);
        var path = $"projects/{call.Project}/global/images/{name}";
        var number = GceJson.NewNumber();
        var podmanImage = call.Cloud.Layout.GcePodmanImage($"image-{number}");

        var (image, source) = call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceImageRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            Source source;
            GceImageRecord image;
            var common = new GceImageRecord(path, number, call.Project, name, GceJson.String(body, "description"), family, "PENDING",
                call.Now, 10, null, null, null, null, labels, GceJson.NewFingerprint(), null, podmanImage,
                GceJson.StringList(body, "storageLocations") is { Count: > 0 } l ? l : ["us"]);
            if (sourceDisk is not null)
            {
                var diskPath = GceLinks.Path(sourceDisk, call.Project);
                var disk = tx.Get<GceDiskRecord>(diskPath) ?? throw GceErrors.NotFound(diskPath);
                var user = disk.Users.Count > 0 ? tx.Get<GceInstanceRecord>(disk.Users[0]) : null;
                if (user is { Status: "RUNNING" } && !force)
                    throw GceErrors.InUse($"disk resource '{diskPath}'", user.Id);
                source = user is not null ? new Source(user.MachineId, null, user.Status == "RUNNING") : new Source(null, disk.PodmanImage, false);
                image = common with { DiskSizeGb = disk.SizeGb, SourceDisk = disk.Id, SourceDiskId = disk.Number };
            }
            else
            {
                var from = ImageReferences.Resolve(tx, sourceImage!, call.Project, "resource.sourceImage");
                source = new Source(null, from.PodmanImage, false);
                image = common with { DiskSizeGb = from.DiskSizeGb, SourceImage = from.Id, SourceImageId = from.Number };
            }
            if (source is { Machine: null, PodmanImage: null }) throw GceErrors.NotReady($"The disk '{sourceDisk}' has no content yet.");
            tx.Put(image);
            return (image, source);
        });

        return await GceOperations.RunAsync(call, "insert", image.Id, image.Number, zone: null, async token =>
        {
            try
            {
                if (source.Machine is { } machine)
                    await call.Cloud.Podman.CommitAsync(call.Cloud.Machines.ContainerName(machine), podmanImage, source.Running, token);
                else
                    await call.Cloud.Podman.TagAsync(source.PodmanImage!, podmanImage, token);
            }
            catch
            {
                call.Cloud.State.Write(tx => { tx.Delete<GceImageRecord>(image.Id); });
                throw;
            }
            call.Cloud.State.Write(tx =>
            {
                if (tx.Get<GceImageRecord>(image.Id) is { } current) tx.Put(current with { Status = "READY" });
            });
        }, ct);
    }

    private sealed record Source(string? Machine, string? PodmanImage, bool Running);
}
