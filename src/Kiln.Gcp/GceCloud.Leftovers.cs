using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>What runs left, for `kiln gc`: instances, disks and images labelled `kiln-temporary=true`, and firewall
/// rules marked by their description; each names its run.</summary>
public sealed partial class GceCloud
{
    public async Task<IReadOnlyList<TemporaryResource>> FindTemporaryAsync(CancellationToken ct)
    {
        var instances = Api.ListAllInstancesAsync(Project, ct);
        var disks = Api.ListAllDisksAsync(Project, ct);
        var images = Api.ListImagesAsync(Project, null, ct);
        var rules = Api.ListFirewallsAsync(Project, "name eq \"kiln-.*\"", ct);
        await Task.WhenAll(instances, disks, images, rules);
        var list = new List<TemporaryResource>();
        foreach (var i in instances.Result.Where(i => Temporary(i.Labels)))
            list.Add(new(ResourceKind.Instance, i.Name, RunOf(i.Labels)));
        foreach (var d in disks.Result.Where(d => Temporary(d.Labels)))
            list.Add(new(ResourceKind.Disk, d.Name, RunOf(d.Labels)));
        foreach (var i in images.Result.Where(i => Temporary(i.Labels) && i.Status != "DELETING"))
            list.Add(new(ResourceKind.Image, i.Name, RunOf(i.Labels)));
        foreach (var f in rules.Result.Where(f => f.Description?.StartsWith(FirewallMark, StringComparison.Ordinal) == true))
            list.Add(new(ResourceKind.Firewall, f.Name, f.Name.EndsWith("-ssh", StringComparison.Ordinal) ? new RunId(f.Name[..^4]) : null));
        return list;
    }

    /// <summary>Every listing names the run: nothing to ask per run.</summary>
    public Task<IReadOnlyList<TemporaryResource>> FindTemporaryOfRunAsync(RunId run, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TemporaryResource>>([]);

    public Task RemoveTemporaryAsync(ResourceKind kind, string id, CancellationToken ct) => kind switch
    {
        ResourceKind.Disk => Api.DeleteDiskAsync(Project, Zone, id, ct),
        ResourceKind.Firewall => Api.DeleteFirewallAsync(Project, id, ct),
        // What a deploy killed before its new group served left (`kiln gc` after kill -9).
        ResourceKind.ForwardingRule => Api.DeleteForwardingRuleAsync(Project, Deploy.GceDeployNames.Region(Zone), id, ct),
        ResourceKind.BackendService => Api.DeleteBackendServiceAsync(Project, Deploy.GceDeployNames.Region(Zone), id, ct),
        ResourceKind.InstanceGroupManager => Api.DeleteGroupManagerAsync(Project, Zone, id, ct),
        ResourceKind.InstanceTemplate => Api.DeleteInstanceTemplateAsync(Project, id, ct),
        ResourceKind.HealthCheck => Api.DeleteHealthCheckAsync(Project, id, ct),
        ResourceKind.GroupVersion => RestoreVersionAsync(id, ct),
        _ => throw new InvalidOperationException($"Compute Engine runs make no temporary {kind}; remove {id} by hand"),
    };

    /// <summary>`GROUP@TEMPLATE`: the group's one version is that template again (a rolling update or canary whose run
    /// died before the new version served); the group replaces the new instances itself, none unavailable.</summary>
    private async Task RestoreVersionAsync(string id, CancellationToken ct)
    {
        var at = id.LastIndexOf('@');
        var (group, template) = (id[..at], id[(at + 1)..]);
        if (await Api.GetGroupManagerAsync(Project, Zone, group, ct) is null) return;
        await Api.PatchGroupManagerAsync(Project, Zone, group, new GroupManagerPatch(
            [new ManagedInstanceGroupVersion(template, new Uri(Api.Transport.Root, $"projects/{Project}/global/instanceTemplates/{template}").AbsoluteUri)],
            Deploy.Steps.GroupCreation.Rolling(1)), ct);
    }

    private static bool Temporary(Dictionary<string, string>? labels) =>
        labels?.GetValueOrDefault(GceLabels.Key(KilnTags.Temporary)) == "true";

    private static RunId? RunOf(Dictionary<string, string>? labels) =>
        labels?.GetValueOrDefault(GceLabels.Key(KilnTags.RunId)) is { Length: > 0 } r ? new RunId(r) : null;
}
