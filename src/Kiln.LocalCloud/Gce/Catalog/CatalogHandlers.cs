using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;
using Kiln.LocalCloud.Gce.Projects;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Catalog;

/// <summary>zones, regions, machineTypes and networks: read-only, answered from <see cref="GceCatalog"/>.</summary>
public static class CatalogHandlers
{
    private static readonly DateTimeOffset Epoch = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static JsonObject Zone(GceCall call, string zone) => Object(
        ("kind", "compute#zone"), ("id", Number(GceCatalog.StableNumber(zone))), ("creationTimestamp", Time(Epoch)),
        ("name", zone), ("description", zone), ("status", "UP"),
        ("region", call.Link($"projects/{call.Project}/regions/{GceCatalog.RegionOf(zone)}")),
        ("selfLink", call.Link($"projects/{call.Project}/zones/{zone}")),
        ("availableCpuPlatforms", Strings(["Intel Broadwell"])), ("supportsPzs", false));

    public static JsonObject Region(GceCall call, string region) => Object(
        ("kind", "compute#region"), ("id", Number(GceCatalog.StableNumber(region))), ("creationTimestamp", Time(Epoch)),
        ("name", region), ("description", region), ("status", "UP"),
        ("zones", Strings(GceCatalog.Regions[region].Select(z => call.Link($"projects/{call.Project}/zones/{region}-{z}")))),
        ("quotas", new JsonArray()), ("selfLink", call.Link($"projects/{call.Project}/regions/{region}")), ("supportsPzs", false));

    public static JsonObject MachineType(GceCall call, string zone, GceCatalog.MachineType m) => Object(
        ("kind", "compute#machineType"), ("id", Number(GceCatalog.StableNumber(m.Name))), ("creationTimestamp", Time(Epoch)),
        ("name", m.Name), ("description", $"{m.Cpus} vCPU, {m.MemoryMb / 1024.0:0.##} GB RAM"), ("guestCpus", m.Cpus),
        ("memoryMb", m.MemoryMb), ("imageSpaceGb", 0), ("maximumPersistentDisks", 128),
        ("maximumPersistentDisksSizeGb", Long(263168)), ("zone", zone), ("isSharedCpu", m.SharedCpu),
        ("selfLink", call.Link($"projects/{call.Project}/zones/{zone}/machineTypes/{m.Name}")));

    public static JsonObject Network(GceCall call) => Object(
        ("kind", "compute#network"), ("id", Number(GceCatalog.StableNumber(call.Project + "/default"))),
        ("creationTimestamp", Time(Epoch)), ("name", "default"), ("description", "Default network for the project"),
        ("autoCreateSubnetworks", true), ("subnetworks", new JsonArray()),
        ("routingConfig", new JsonObject { ["routingMode"] = "REGIONAL" }),
        ("networkFirewallPolicyEnforcementOrder", "AFTER_CLASSIC_FIREWALL"),
        ("selfLink", call.Link($"projects/{call.Project}/global/networks/default")));

    public static JsonNodeResult GetZone(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        return Zone(call, call.Zone);
    }

    public static JsonNodeResult ListZones(GceCall call)
    {
        GceProjects.Require(call);
        return GceList.Page(call, "compute#zoneList", $"projects/{call.Project}/zones", GceCatalog.Zones.Order().Select(z => Zone(call, z)));
    }

    public static JsonNodeResult GetRegion(GceCall call)
    {
        GceProjects.Require(call);
        var region = call.Values["region"];
        if (!GceCatalog.Regions.ContainsKey(region)) throw GceErrors.NotFound($"projects/{call.Project}/regions/{region}");
        return Region(call, region);
    }

    public static JsonNodeResult ListRegions(GceCall call)
    {
        GceProjects.Require(call);
        return GceList.Page(call, "compute#regionList", $"projects/{call.Project}/regions", GceCatalog.Regions.Keys.Order().Select(r => Region(call, r)));
    }

    public static JsonNodeResult GetMachineType(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        var m = GceCatalog.FindMachineType(call.Name)
            ?? throw GceErrors.NotFound($"projects/{call.Project}/zones/{call.Zone}/machineTypes/{call.Name}");
        return MachineType(call, call.Zone, m);
    }

    public static JsonNodeResult ListMachineTypes(GceCall call)
    {
        GceProjects.Require(call);
        GceCatalog.RequireZone(call);
        return GceList.Page(call, "compute#machineTypeList", $"projects/{call.Project}/zones/{call.Zone}/machineTypes",
            GceCatalog.MachineTypes.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => MachineType(call, call.Zone, m)));
    }

    public static JsonNodeResult GetNetwork(GceCall call)
    {
        GceProjects.Require(call);
        if (call.Name != "default") throw GceErrors.NotFound($"projects/{call.Project}/global/networks/{call.Name}");
        return Network(call);
    }

    public static JsonNodeResult ListNetworks(GceCall call)
    {
        GceProjects.Require(call);
        return GceList.Page(call, "compute#networkList", $"projects/{call.Project}/global/networks", [Network(call)]);
    }
}
