using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Deploy;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy;

/// <summary>The calls a deploy makes beyond the bake's port, over Compute Engine's REST API: the deploy's groups and
/// backend service, the image a template launches, and the waits built on them.</summary>
public sealed class GceFleet(GceCloud cloud, DeployTimings timings)
{
    public ComputeClient Api => cloud.Api;
    public string Project => cloud.Where.Project;
    public string Zone => cloud.Where.Zone;
    public string Region => GceDeployNames.Region(Zone);

    public string ZoneUrl(string what) => new Uri(Api.Transport.Root, $"projects/{Project}/zones/{Zone}/{what}").AbsoluteUri;
    public string GlobalUrl(string what) => new Uri(Api.Transport.Root, $"projects/{Project}/global/{what}").AbsoluteUri;
    public string RegionUrl(string what) => new Uri(Api.Transport.Root, $"projects/{Project}/regions/{Region}/{what}").AbsoluteUri;

    /// <summary>The deploy's groups in the zone, oldest generation first.</summary>
    public async Task<IReadOnlyList<InstanceGroupManager>> MembersAsync(string deploy, CancellationToken ct) =>
        (await Api.ListGroupManagersAsync(Project, Zone, ct)).Where(g => GroupGenerations.Of(deploy, g.Name) is not null)
            .OrderBy(g => GroupGenerations.Of(deploy, g.Name)).ToList();

    /// <summary>The backend service Kiln made for the deploy (marked in its description).</summary>
    public async Task<BackendService?> ServiceAsync(string deploy, CancellationToken ct) =>
        (await Api.ListBackendServicesAsync(Project, Region, ct)).FirstOrDefault(b => GceDeployNames.DeployOf(b.Description) == deploy);

    /// <summary>The group in service: a backend of the service with a size; of several, the newest generation.</summary>
    public static InstanceGroupManager? Current(string deploy, IReadOnlyList<InstanceGroupManager> members, BackendService service)
    {
        var backends = (service.Backends ?? []).Select(b => ComputeClient.Last(b.Group)).ToHashSet(StringComparer.Ordinal);
        return members.Where(g => g.TargetSize > 0 && backends.Contains(ComputeClient.Last(g.InstanceGroup ?? g.Name))).LastOrDefault();
    }

    /// <summary>The templates of a group's versions (the first is the base; a second is a canary).</summary>
    public static IReadOnlyList<string> TemplatesOf(InstanceGroupManager g) =>
        g.Versions is { Count: > 0 } v ? v.Select(x => ComputeClient.Last(x.InstanceTemplate ?? "")).ToList()
            : g.InstanceTemplate is { } t ? [ComputeClient.Last(t)] : [];

    /// <summary>The template and the image its boot disk starts from.</summary>
    public async Task<(InstanceTemplate Template, ImageId Image)> TemplateAsync(string name, CancellationToken ct)
    {
        var t = await Api.GetInstanceTemplateAsync(Project, name, ct)
            ?? throw new KilnInputException($"instance template {name} does not exist any more: deploy an image instead");
        var source = t.Properties?.Disks?.FirstOrDefault(d => d.Boot == true)?.InitializeParams?.SourceImage
            ?? throw new KilnInputException($"instance template {name} has no boot disk made from an image: Kiln deploys images");
        var (project, image) = GceMapping.Parse(Project, source);
        return (t, GceMapping.IdOf(Project, project, image));
    }

    public Task<CloudImage?> ImageAsync(ImageId id, CancellationToken ct) => cloud.GetImageAsync(id, ct);

    /// <summary>Until the group has settled (`status.isStable`, its version target reached) with
    /// <paramref name="count"/> instances of <paramref name="template"/> running, each HEALTHY in the backend service.</summary>
    public Task WaitServingAsync(string group, string template, int count, string service, CancellationToken ct) =>
        GcePoll.UntilAsync($"{count} healthy instance(s) of {template} in {group}", async c =>
        {
            var g = await Api.GetGroupManagerAsync(Project, Zone, group, c) ?? throw new CloudException("notFound", $"group {group} is gone", 404);
            if (g.Status is { IsStable: false } || g.Status?.VersionTarget is { IsReached: false }) return false;
            var running = (await Api.ListManagedInstancesAsync(Project, Zone, group, c))
                .Where(i => i.InstanceStatus == "RUNNING" && i.CurrentAction is null or "NONE"
                    && ComputeClient.Last(i.Version?.InstanceTemplate ?? "") == template)
                .Select(i => ComputeClient.Last(i.Instance ?? "")).ToHashSet(StringComparer.Ordinal);
            if (running.Count < count) return false;
            var healthy = (await Api.GetBackendHealthAsync(Project, Region, service, g.InstanceGroup ?? ZoneUrl($"instanceGroups/{group}"), c))
                .Where(h => h.HealthState == "HEALTHY").Select(h => ComputeClient.Last(h.Instance ?? ""));
            return running.Intersect(healthy).Count() >= count;
        }, timings.Healthy, timings.Poll, cloud.Api.Transport.Policies.Clock, ct);

    /// <summary>Until the group's instances are no backend of the service any more (connections drained).</summary>
    public Task WaitDetachedAsync(string group, string service, CancellationToken ct) =>
        GcePoll.UntilAsync($"{group} drained", async c =>
        {
            var s = await Api.GetBackendServiceAsync(Project, Region, service, c);
            return s is null || !(s.Backends ?? []).Any(b => ComputeClient.Last(b.Group) == group);
        }, timings.Drain, timings.Poll, cloud.Api.Transport.Policies.Clock, ct);

    /// <summary>Deletes the group with its instances and waits until it is gone.</summary>
    public async Task RemoveGroupAsync(string name, CancellationToken ct)
    {
        await Api.DeleteGroupManagerAsync(Project, Zone, name, ct);
        await GcePoll.UntilAsync($"{name} deleted", async c => await Api.GetGroupManagerAsync(Project, Zone, name, c) is null,
            timings.Drain, timings.Poll, cloud.Api.Transport.Policies.Clock, ct);
    }
}
