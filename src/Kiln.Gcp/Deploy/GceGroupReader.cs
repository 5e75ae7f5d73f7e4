using System.Collections.Concurrent;
using Kiln.Core.Groups;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy;

/// <summary>A deploy's managed instance groups for the server's groups page: each generation's versions (instance
/// template → image, target size), target size, running instances and, for a backend of the deploy's backend
/// service, its getHealth. The groups and the service are listed once; the rest is read at once.</summary>
public sealed class GceGroupReader(GceCloud cloud) : IGroupStateReader
{
    private readonly GceFleet _fleet = new(cloud, new Kiln.Deploy.DeployTimings());

    public async Task<GroupState> ReadAsync(string deploy, CancellationToken ct)
    {
        var listing = _fleet.MembersAsync(deploy, ct);
        var serviceRead = _fleet.ServiceAsync(deploy, ct);
        var (members, service) = (await listing, await serviceRead);
        var current = service is null ? null : GceFleet.Current(deploy, members, service);
        var backends = (service?.Backends ?? []).Select(b => ComputeClient.Last(b.Group)).ToHashSet(StringComparer.Ordinal);
        var images = new ConcurrentDictionary<string, Task<string?>>(StringComparer.Ordinal);
        var read = members.Select(g => MemberAsync(g, g == current,
            backends.Contains(ComputeClient.Last(g.InstanceGroup ?? g.Name)) ? service!.Name : null, images, ct));
        return new GroupState(deploy, await Task.WhenAll(read));
    }

    private async Task<GroupMember> MemberAsync(InstanceGroupManager g, bool inService, string? service,
        ConcurrentDictionary<string, Task<string?>> images, CancellationToken ct)
    {
        var instances = _fleet.Api.ListManagedInstancesAsync(_fleet.Project, _fleet.Zone, g.Name, ct);
        var health = service is null ? Task.FromResult<IReadOnlyList<HealthStatus>?>(null) : HealthAsync(g, service, ct);
        var size = g.TargetSize ?? 0;
        var versions = Sizes(g, size).Select(async v => new GroupVersion(v.Template,
            await images.GetOrAdd(v.Template, t => ImageAsync(t, ct)), v.Size)).ToList();
        var running = (await instances).Count(i => i.InstanceStatus == "RUNNING");
        var statuses = await health;
        return new GroupMember(g.Name, inService, await Task.WhenAll(versions), size, running,
            statuses is null ? null : new GroupHealth(statuses.Count(h => h.HealthState == "HEALTHY"), statuses.Count));
    }

    /// <summary>Each version's share of the group: a version with a targetSize has it (Google's `calculated`, else
    /// the fixed number, else the percent of the group rounded up); the version without one has the rest.</summary>
    internal static IReadOnlyList<(string Template, int Size)> Sizes(InstanceGroupManager g, int size)
    {
        var versions = g.Versions is { Count: > 0 } v ? v.Select(x => (Template: ComputeClient.Last(x.InstanceTemplate ?? ""), x.TargetSize)).ToList()
            : g.InstanceTemplate is { } t ? [(ComputeClient.Last(t), (FixedOrPercent?)null)] : [];
        int Of(FixedOrPercent p) => p.Calculated ?? p.Fixed ?? (int)Math.Ceiling(size * (p.Percent ?? 0) / 100.0);
        var fixedShare = versions.Where(x => x.TargetSize is not null).Sum(x => Math.Min(size, Of(x.TargetSize!)));
        return versions.Select(x => (x.Template, x.TargetSize is { } p ? Math.Min(size, Of(p)) : Math.Max(0, size - fixedShare))).ToList();
    }

    private async Task<IReadOnlyList<HealthStatus>?> HealthAsync(InstanceGroupManager g, string service, CancellationToken ct) =>
        await _fleet.Api.GetBackendHealthAsync(_fleet.Project, _fleet.Region, service, g.InstanceGroup ?? _fleet.ZoneUrl($"instanceGroups/{g.Name}"), ct);

    /// <summary>The image a template boots; null when the template is gone or boots no image.</summary>
    private async Task<string?> ImageAsync(string template, CancellationToken ct)
    {
        try { return (await _fleet.TemplateAsync(template, ct)).Image.Value; }
        catch (Kiln.Core.KilnInputException) { return null; }
    }
}
