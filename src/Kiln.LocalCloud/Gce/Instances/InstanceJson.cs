using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.State;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>The `Instance` message. Its loopback address is both networkIP and the external natIP.</summary>
public static class InstanceJson
{
    public static JsonObject Render(GceCall call, GceInstanceRecord i) => Object(
        ("kind", "compute#instance"), ("id", Number(i.Number)), ("creationTimestamp", Time(i.Created)), ("name", i.Name),
        ("description", Str(i.Description)),
        ("tags", Object(("items", i.Tags.Items.Count == 0 ? null : Strings(i.Tags.Items)), ("fingerprint", i.Tags.Fingerprint))),
        ("machineType", call.Link($"projects/{i.Project}/zones/{i.Zone}/machineTypes/{i.MachineType}")),
        ("status", i.Status), ("statusMessage", Str(i.StatusMessage)), ("zone", call.Link($"projects/{i.Project}/zones/{i.Zone}")),
        ("canIpForward", false),
        ("networkInterfaces", new JsonArray(Object(
            ("kind", "compute#networkInterface"), ("network", call.Link($"projects/{i.Project}/global/networks/default")),
            ("subnetwork", call.Link($"projects/{i.Project}/regions/{GceCatalog.RegionOf(i.Zone)}/subnetworks/default")),
            ("networkIP", i.Address), ("name", "nic0"),
            ("accessConfigs", i.HasExternalIp ? new JsonArray(Object(
                ("kind", "compute#accessConfig"), ("type", "ONE_TO_ONE_NAT"), ("name", "External NAT"), ("natIP", i.Address),
                ("networkTier", "PREMIUM"))) : null),
            ("fingerprint", "zdnK6ncNSaw="), ("stackType", "IPV4_ONLY")))),
        ("disks", Array(i.Disks.Select(d => (JsonNode?)Object(
            ("kind", "compute#attachedDisk"), ("type", "PERSISTENT"), ("mode", "READ_WRITE"), ("source", call.Link(d.Source)),
            ("deviceName", d.DeviceName), ("index", d.Index), ("boot", d.Boot), ("autoDelete", d.AutoDelete),
            ("interface", "SCSI"), ("diskSizeGb", Long(d.SizeGb)), ("architecture", "X86_64"))))),
        ("metadata", MetadataJson.Render(i.Metadata)),
        ("selfLink", call.Link(i.Id)),
        ("scheduling", Object(("onHostMaintenance", "MIGRATE"), ("automaticRestart", true), ("preemptible", false),
            ("provisioningModel", "STANDARD"))),
        ("cpuPlatform", "Intel Broadwell"), ("labels", Labels(i.Labels)), ("labelFingerprint", i.LabelFingerprint),
        ("startRestricted", false), ("deletionProtection", i.DeletionProtection), ("fingerprint", i.Tags.Fingerprint),
        ("lastStartTimestamp", Time(i.LastStart)), ("lastStopTimestamp", Time(i.LastStop)));
}
