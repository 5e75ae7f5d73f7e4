using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Disks;

/// <summary>The `Disk` message.</summary>
public static class DiskJson
{
    public static JsonObject Render(GceCall call, GceDiskRecord d) => Object(
        ("kind", "compute#disk"), ("id", Number(d.Number)), ("creationTimestamp", Time(d.Created)), ("name", d.Name),
        ("description", Str(d.Description)), ("sizeGb", Long(d.SizeGb)), ("zone", call.Link($"projects/{d.Project}/zones/{d.Zone}")),
        ("status", d.Status), ("selfLink", call.Link(d.Id)), ("sourceImage", Str(call.LinkOrNull(d.SourceImage))),
        ("sourceImageId", d.SourceImageId is { } s ? Number(s) : null),
        ("type", call.Link($"projects/{d.Project}/zones/{d.Zone}/diskTypes/{d.Type}")),
        ("labels", Labels(d.Labels)), ("labelFingerprint", d.LabelFingerprint),
        ("lastAttachTimestamp", Time(d.LastAttach)), ("lastDetachTimestamp", Time(d.LastDetach)),
        ("users", d.Users.Count == 0 ? null : Strings(d.Users.Select(call.Link))),
        ("physicalBlockSizeBytes", Long(4096)), ("architecture", "X86_64"));
}
