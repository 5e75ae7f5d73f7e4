using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Gce.Catalog;

/// <summary>The regions, zones and machine types the local cloud offers: a few of Google's, with Google's names and
/// sizes. Any zone runs the same podman; the names only have to be ones GCE knows.</summary>
public static class GceCatalog
{
    public const string DefaultZone = "us-central1-a";

    public static readonly IReadOnlyDictionary<string, string[]> Regions = new Dictionary<string, string[]>
    {
        ["us-central1"] = ["a", "b", "c", "f"],
        ["us-east1"] = ["b", "c", "d"],
        ["europe-west1"] = ["b", "c", "d"],
        ["asia-northeast1"] = ["a", "b", "c"],
    };

    public static IEnumerable<string> Zones => Regions.SelectMany(r => r.Value.Select(z => $"{r.Key}-{z}"));

    public static string RegionOf(string zone) => zone[..zone.LastIndexOf('-')];

    public static bool IsZone(string zone) => Zones.Contains(zone);

    public sealed record MachineType(string Name, int Cpus, int MemoryMb, bool SharedCpu);

    public static readonly IReadOnlyList<MachineType> MachineTypes =
    [
        new("e2-micro", 2, 1024, true), new("e2-small", 2, 2048, true), new("e2-medium", 2, 4096, true),
        new("e2-standard-2", 2, 8192, false), new("e2-standard-4", 4, 16384, false), new("e2-standard-8", 8, 32768, false),
        new("n1-standard-1", 1, 3840, false), new("n1-standard-2", 2, 7680, false), new("n2-standard-2", 2, 8192, false),
        new("n2-standard-4", 4, 16384, false), new("f1-micro", 1, 614, true), new("g1-small", 1, 1740, true),
    ];

    public static MachineType? FindMachineType(string name) => MachineTypes.FirstOrDefault(m => m.Name == name);

    /// <summary>Ids are stable: derived from the name, so every answer gives the same one.</summary>
    public static ulong StableNumber(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return 1_000_000_000_000_000_000UL + BitConverter.ToUInt64(hash) % 8_000_000_000_000_000_000UL;
    }

    public static void RequireZone(GceCall call)
    {
        if (!IsZone(call.Zone)) throw GceErrors.NotFound($"projects/{call.Project}/zones/{call.Zone}");
    }
}
