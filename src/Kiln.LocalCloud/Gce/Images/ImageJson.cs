using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Images;

/// <summary>The `Image` message.</summary>
public static class ImageJson
{
    public static JsonObject Render(GceCall call, GceImageRecord i) => Object(
        ("kind", "compute#image"), ("id", Number(i.Number)), ("creationTimestamp", Time(i.Created)), ("name", i.Name),
        ("description", Str(i.Description)), ("sourceType", "RAW"), ("status", i.Status),
        ("archiveSizeBytes", Long(i.DiskSizeGb * 200_000_000L)), ("diskSizeGb", Long(i.DiskSizeGb)),
        ("sourceDisk", Str(call.LinkOrNull(i.SourceDisk))), ("sourceDiskId", i.SourceDiskId is { } d ? Number(d) : null),
        ("sourceImage", Str(call.LinkOrNull(i.SourceImage))), ("sourceImageId", i.SourceImageId is { } s ? Number(s) : null),
        ("family", Str(i.Family)), ("labels", Labels(i.Labels)), ("labelFingerprint", i.LabelFingerprint),
        ("deprecated", i.Deprecated is { } dep ? Object(
            ("state", dep.State), ("replacement", Str(call.LinkOrNull(dep.Replacement))), ("deprecated", Str(dep.Deprecated)),
            ("obsolete", Str(dep.Obsolete)), ("deleted", Str(dep.Deleted))) : null),
        ("storageLocations", Strings(i.StorageLocations)), ("architecture", "X86_64"),
        ("guestOsFeatures", new JsonArray(new JsonObject { ["type"] = "VIRTIO_SCSI_MULTIQUEUE" })),
        ("selfLink", call.Link(i.Id)));
}
