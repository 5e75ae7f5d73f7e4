using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>A group joins or leaves the deploy's backend service (read with its fingerprint, patched with it).</summary>
internal static class Backends
{
    public static Task AddAsync(GceDeployContext c, string service, string group, CancellationToken ct) =>
        ChangeAsync(c, service, list => list.Any(b => ComputeClient.Last(b.Group) == group) ? list
            : [.. list, new Backend(c.Fleet.ZoneUrl($"instanceGroups/{group}"))], ct);

    public static Task RemoveAsync(GceDeployContext c, string service, string group, CancellationToken ct) =>
        ChangeAsync(c, service, list => list.Where(b => ComputeClient.Last(b.Group) != group).ToList(), ct);

    private static async Task ChangeAsync(GceDeployContext c, string name, Func<List<Backend>, List<Backend>> change, CancellationToken ct)
    {
        var f = c.Fleet;
        var service = await f.Api.GetBackendServiceAsync(f.Project, f.Region, name, ct)
            ?? throw new Core.Cloud.CloudException("notFound", $"backend service {name} is gone", 404);
        var before = service.Backends ?? [];
        var after = change(before);
        if (after.Count == before.Count && after.All(before.Contains)) return;
        await f.Api.PatchBackendServiceAsync(f.Project, f.Region, name, new BackendServicePatch(service.Fingerprint, after), ct);
    }
}
