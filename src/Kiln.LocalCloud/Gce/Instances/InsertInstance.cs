using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Images;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>
/// instances.insert: check everything, then in one transaction write the instance (STAGING), its boot disk and its
/// loopback address; start the container (about 1 s); RUNNING. The boot disk is made from an image
/// (initializeParams.sourceImage, a family too) or is an existing disk (source) that nothing uses. If the container
/// cannot start, nothing stays behind and the operation carries the error.
/// </summary>
public static class InsertInstance
{
    public static async Task<JsonNode> HandleAsync(GceCall call, CancellationToken ct)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var body = call.RequireBody();
        var name = GceNames.Check(GceJson.String(body, "name"));
        var machineTypeRef = GceJson.String(body, "machineType") ?? throw GceErrors.Required("resource.machineType");
        var machineType = GceLinks.Last(machineTypeRef);
        if (GceCatalog.FindMachineType(machineType) is null)
            throw GceErrors.InvalidField("resource.machineType", machineTypeRef,
                $"Machine type with name '{machineType}' does not exist in zone '{call.Zone}'.");
        var boot = BootDisk(body);
        var (_, metadataItems) = MetadataJson.Parse(body["metadata"], "resource.metadata");
        var tags = GceJson.StringList(body["tags"], "items").Select(t => GceNames.Check(t, "resource.tags.items")).Distinct().ToList();
        var labels = GceNames.Labels(body["labels"]);
        var external = Network(call, body);
        var path = $"projects/{call.Project}/zones/{call.Zone}/instances/{name}";
        var now = call.Now;

        var (instance, disk, project) = call.Cloud.State.Write(tx =>
        {
            if (tx.Get<GceInstanceRecord>(path) is not null) throw GceErrors.AlreadyExists(path);
            var number = GceJson.NewNumber();
            GceDiskRecord disk;
            string podmanImage;
            if (boot.Source is { } source)
            {
                var diskPath = GceLinks.Path(source, call.Project, call.Zone);
                disk = tx.Get<GceDiskRecord>(diskPath) ?? throw GceErrors.NotFound(diskPath);
                if (disk.Users.Count > 0) throw GceErrors.InUse($"disk resource '{diskPath}'", disk.Users[0]);
                podmanImage = disk.PodmanImage ?? throw GceErrors.NotReady($"The disk '{diskPath}' has no content.");
                disk = disk with { Users = [path], LastAttach = now };
            }
            else
            {
                var image = ImageReferences.Resolve(tx, boot.SourceImage!, call.Project, "resource.disks[0].initializeParams.sourceImage");
                if (image.Status != "READY") throw GceErrors.NotReady($"The resource '{image.Id}' is not ready");
                var size = boot.SizeGb ?? image.DiskSizeGb;
                if (size < image.DiskSizeGb)
                    throw GceErrors.Invalid($"Invalid value for field 'resource.disks[0].initializeParams.diskSizeGb': '{size}'. Requested disk size cannot be smaller than the image size ({image.DiskSizeGb} GB)");
                var diskName = GceNames.Check(boot.DiskName ?? name, "resource.disks[0].initializeParams.diskName");
                var diskPath = $"projects/{call.Project}/zones/{call.Zone}/disks/{diskName}";
                if (tx.Get<GceDiskRecord>(diskPath) is not null) throw GceErrors.AlreadyExists(diskPath);
                disk = new GceDiskRecord(diskPath, GceJson.NewNumber(), call.Project, call.Zone, diskName, null, size, boot.DiskType,
                    image.Id, image.Number, "READY", now, [path], boot.Labels, GceJson.NewFingerprint(), null, now, null);
                podmanImage = image.PodmanImage;
            }
            var attached = new GceAttachedDisk(disk.Id, boot.DeviceName ?? disk.Name, true, boot.AutoDelete, disk.SizeGb, 0);
            string address;
            try { address = call.Cloud.Addresses.Allocate(tx, GceInstanceRecord.MachineIdOf(number), now); }
            catch (Kiln.LocalCloud.Hosting.Ec2Exception e) { throw new GceException(503, "ZONE_RESOURCE_POOL_EXHAUSTED", e.Message); }
            var instance = new GceInstanceRecord(path, number, call.Project, call.Zone, name, GceJson.String(body, "description"),
                machineType, "STAGING", address, now, [attached], new GceMetadata(metadataItems, GceJson.NewFingerprint()),
                new GceTags(tags, GceJson.NewFingerprint()), labels, GceJson.NewFingerprint(), podmanImage, now, null, external,
                DeletionProtection: GceJson.Bool(body, "deletionProtection") ?? false);
            tx.Put(disk);
            tx.Put(instance);
            return (instance, disk, GceProjects.Get(tx, call.Project));
        });

        return await GceOperations.RunAsync(call, "insert", instance.Id, instance.Number, call.Zone, async token =>
        {
            try
            {
                await GceMachines.StartNewAsync(call.Cloud, instance, project.Metadata, token);
            }
            catch
            {
                await call.Cloud.Machines.RemoveAsync(instance.MachineId, CancellationToken.None);
                call.Cloud.State.Write(tx =>
                {
                    tx.Delete<GceInstanceRecord>(instance.Id);
                    call.Cloud.Addresses.Release(tx, instance.MachineId);
                    if (boot.Source is null) tx.Delete<GceDiskRecord>(disk.Id);
                    else if (tx.Get<GceDiskRecord>(disk.Id) is { } d) tx.Put(d with { Users = [] });
                });
                throw;
            }
            call.Cloud.State.Write(tx =>
            {
                if (tx.Get<GceInstanceRecord>(instance.Id) is { Status: "STAGING" } current)
                    tx.Put(current with { Status = "RUNNING", LastStart = call.Now });
            });
        }, ct);
    }

    private sealed record Boot(string? Source, string? SourceImage, long? SizeGb, string? DiskName, string DiskType, bool AutoDelete,
        string? DeviceName, IReadOnlyDictionary<string, string> Labels);

    private static Boot BootDisk(JsonObject body)
    {
        if (body["disks"] is not JsonArray { Count: > 0 } disks) throw GceErrors.Required("resource.disks");
        if (disks.Count > 1)
            throw GceErrors.Invalid("The local cloud attaches one disk to an instance, its boot disk; give one entry in resource.disks.");
        var d = disks[0]!;
        if (GceJson.Bool(d, "boot") == false) throw GceErrors.Invalid("resource.disks[0] must be the boot disk (boot: true).");
        var init = d["initializeParams"];
        var source = GceJson.String(d, "source");
        var sourceImage = GceJson.String(init, "sourceImage");
        if (source is null && sourceImage is null)
            throw GceErrors.Required("resource.disks[0].initializeParams.sourceImage");
        var size = GceJson.Long(init, "diskSizeGb", "resource.disks[0].initializeParams.diskSizeGb");
        if (size is < 10 or > 65536)
            throw GceErrors.InvalidField("resource.disks[0].initializeParams.diskSizeGb", size.ToString(), "Disk sizes are 10 to 65536 GB.");
        var type = GceJson.String(init, "diskType") is { } t ? GceLinks.Last(t) : "pd-standard";
        return new Boot(source, sourceImage, size, GceJson.String(init, "diskName"), type,
            GceJson.Bool(d, "autoDelete") ?? false, GceJson.String(d, "deviceName"),
            GceNames.Labels(init?["labels"], "resource.disks[0].initializeParams.labels"));
    }

    /// <summary>The default network only; whether the instance gets an external address (an accessConfig).</summary>
    private static bool Network(GceCall call, JsonObject body)
    {
        if (body["networkInterfaces"] is not JsonArray { Count: > 0 } nics) return true;
        if (nics.Count > 1) throw GceErrors.Invalid("The local cloud gives an instance one network interface.");
        if (GceJson.String(nics[0], "network") is { } network && GceLinks.Last(network) != "default")
            throw GceErrors.NotFound(GceLinks.Path(network, call.Project));
        return nics[0]?["accessConfigs"] is JsonArray { Count: > 0 };
    }
}
