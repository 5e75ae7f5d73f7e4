using Kiln.Aws;
using Kiln.Aws.AutoScaling;
using Kiln.Core.Groups;

namespace Kiln.Deploy.Aws;

/// <summary>A deploy's Auto Scaling groups for the server's groups page: each generation's launch template version
/// and its image, desired capacity, InService instances and target health. One DescribeAutoScalingGroups; the
/// template versions and target groups are then read at once.</summary>
public sealed class AwsGroupReader(AwsCloud cloud) : IGroupStateReader
{
    private readonly DeployCloud _fleet = new(cloud, new DeployTimings());

    public async Task<GroupState> ReadAsync(string deploy, CancellationToken ct)
    {
        var groups = await _fleet.GroupsAsync(ct);
        var current = Fleet.Current(deploy, groups);
        var members = await Task.WhenAll(Fleet.Members(deploy, groups).Select(g => MemberAsync(g, g == current, ct)));
        return new GroupState(deploy, members);
    }

    private async Task<GroupMember> MemberAsync(AutoScalingGroup g, bool inService, CancellationToken ct)
    {
        var versions = VersionsAsync(g, ct);
        var health = HealthAsync(g, ct);
        var running = g.Instances.Count(i => i.LifecycleState == "InService");
        return new GroupMember(g.Name, inService, await versions, g.DesiredCapacity, running, await health);
    }

    /// <summary>The group's version (all of its desired capacity), then any other version its instances still run
    /// (during an instance refresh: the group keeps none of those).</summary>
    private async Task<IReadOnlyList<GroupVersion>> VersionsAsync(AutoScalingGroup g, CancellationToken ct)
    {
        if ((g.LaunchTemplate ?? g.MixedInstancesLaunchTemplate) is not { Id: { } id } template) return [];
        var (own, image) = await _fleet.TemplateVersionAsync(id, template.Version, ct);
        var others = g.Instances.Select(i => i.LaunchTemplate?.Version).OfType<string>()
            .Where(v => v != own.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        var older = await Task.WhenAll(others.Select(v => _fleet.TemplateVersionAsync(id, v, ct)));
        return [new GroupVersion($"{id} version {own}", image?.Value, g.DesiredCapacity),
            .. older.Where(o => o.Version != own).DistinctBy(o => o.Version).Select(o => new GroupVersion($"{id} version {o.Version}", o.Image?.Value, 0))];
    }

    /// <summary>The group's instances healthy in every target group, of those registered in any (draining ones
    /// too); null without target groups.</summary>
    private async Task<GroupHealth?> HealthAsync(AutoScalingGroup g, CancellationToken ct)
    {
        if (g.TargetGroupArns.Count == 0) return null;
        var ids = g.Instances.Select(i => i.Id.Value).ToHashSet(StringComparer.Ordinal);
        var healthy = new HashSet<string>(ids, StringComparer.Ordinal);
        var registered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var targets in await Task.WhenAll(g.TargetGroupArns.Select(tg => cloud.ElbV2.DescribeTargetHealthAsync(tg, ct))))
        {
            healthy.IntersectWith(targets.Where(t => t.IsHealthy).Select(t => t.Id));
            registered.UnionWith(targets.Select(t => t.Id).Where(ids.Contains));
        }
        return new GroupHealth(healthy.Count, registered.Count);
    }
}
