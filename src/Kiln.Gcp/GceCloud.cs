using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>Where a <see cref="GceCloud"/> works and what it assumes there.</summary>
public sealed record GceLocation(string Project, string Zone)
{
    /// <summary>The base image of a family with nothing in it yet (Google's public Debian 12 family).</summary>
    public string BaseFamily { get; init; } = "debian-12";
    public string BaseProject { get; init; } = "debian-cloud";
    /// <summary>Instance templates and managed instance groups are asked about (to keep their images).</summary>
    public bool HasTemplates { get; init; } = true;
    public string Network { get; init; } = "default";
    /// <summary>The local cloud's Compute endpoint: a forwarding rule listens on a loopback address of this machine.</summary>
    public bool IsLocal { get; init; }
    /// <summary>Packer's image_storage_locations; null: Google's default.</summary>
    public List<string>? StorageLocations { get; init; }
}

/// <summary>The bake's port over the Compute Engine REST API v1, for real GCP and the local cloud's Compute endpoint
/// alike (only the root URL and the credentials differ). Instances, disks and images carry labels; the firewall rule
/// (which takes none) is named after the run. Build it with <see cref="GceCloudFactory"/>.</summary>
public sealed partial class GceCloud(ComputeClient api, GceLocation where, string describe, IDisposable? owned = null)
    : ICloud, IDiskImages, IDisposable
{
    public string Describe { get; } = describe;
    public GceLocation Where { get; } = where;
    public ComputeClient Api { get; } = api;
    private string Project => Where.Project;
    private string Zone => Where.Zone;

    public async Task<IReadOnlyList<CloudImage>> FindImagesAsync(string nameFilter, CancellationToken ct) =>
        (await Api.ListImagesAsync(Project, $"name eq \"{GlobToRe2(nameFilter)}\"", ct)).Select(i => GceMapping.ToImage(Project, i)).ToList();

    public async Task<CloudImage?> GetImageAsync(ImageId id, CancellationToken ct)
    {
        var (project, name) = GceMapping.Parse(Project, id.Value);
        return await Api.GetImageAsync(project, name, ct) is { } image ? GceMapping.ToImage(Project, image) : null;
    }

    /// <summary>Labels are matched here: Google's list filter on labels is not one the local endpoint promises.</summary>
    public async Task<IReadOnlyList<CloudImage>> FindImagesByTagAsync(string key, string value, CancellationToken ct) =>
        (await Api.ListImagesAsync(Project, null, ct)).Select(i => GceMapping.ToImage(Project, i))
            .Where(i => i.Tags.TryGetValue(key, out var v) && v == GceLabels.Value(value)).ToList();

    public async Task TagImageAsync(ImageId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        var (project, name) = GceMapping.Parse(Project, id.Value);
        var image = await Api.GetImageAsync(project, name, ct) ?? throw new CloudException("notFound", $"image {id} does not exist", 404);
        var labels = new Dictionary<string, string>(image.Labels ?? [], StringComparer.Ordinal);
        foreach (var (k, v) in GceLabels.FromTags(tags)) labels[k] = v;
        await Api.SetImageLabelsAsync(project, name, new LabelsRequest(labels, image.LabelFingerprint), ct);
    }

    /// <summary>A Compute Engine image holds no snapshots of its own: deleting it is all.</summary>
    public async Task<IReadOnlyList<SnapshotId>> RemoveImageAsync(ImageId id, IReadOnlyList<SnapshotId> knownSnapshots, CancellationToken ct)
    {
        var (project, name) = GceMapping.Parse(Project, id.Value);
        await Api.DeleteImageAsync(project, name, ct);
        return [];
    }

    public async Task<CloudInstance?> GetInstanceAsync(InstanceId id, CancellationToken ct) =>
        await Api.GetInstanceAsync(Project, Zone, id.Value, ct) is { } i ? GceMapping.ToInstance(i) : null;

    public async Task<IReadOnlyList<CloudInstance>> FindInstancesByTagAsync(string key, string value, CancellationToken ct) =>
        (await Api.ListAllInstancesAsync(Project, ct)).Select(GceMapping.ToInstance)
            .Where(i => i.Tags.TryGetValue(key, out var v) && v == GceLabels.Value(value)).ToList();

    public Task StopInstanceAsync(InstanceId id, CancellationToken ct) => Api.StopInstanceAsync(Project, Zone, id.Value, ct);

    /// <summary>Deletes the instance; its boot disk (autoDelete false) stays for the image.</summary>
    public Task TerminateInstanceAsync(InstanceId id, CancellationToken ct) => Api.DeleteInstanceAsync(Project, Zone, id.Value, ct);

    /// <summary>Google's list filter takes RE2 matched against the whole value; EC2-style globs (`*`, `?`) become one.</summary>
    internal static string GlobToRe2(string glob) =>
        Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);

    public void Dispose() => owned?.Dispose();
}
