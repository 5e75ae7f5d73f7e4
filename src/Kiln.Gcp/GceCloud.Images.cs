using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Gcp.Api;

namespace Kiln.Gcp;

/// <summary>Images the Compute Engine way: made from the boot disk once the instance is gone, in a native family,
/// deprecated rather than deleted while something still uses them.</summary>
public sealed partial class GceCloud
{
    public DiskId BootDiskOf(InstanceId instance) => new(instance.Value);

    public async Task<ImageId> CreateImageFromDiskAsync(DiskId disk, ImageFromDisk image, CancellationToken ct)
    {
        await Api.InsertImageAsync(Project, new Image
        {
            Name = image.Name,
            Family = image.Family,
            Description = image.Description,
            Labels = GceLabels.FromTags(image.Tags),
            SourceDisk = $"projects/{Project}/zones/{Zone}/disks/{disk.Value}",
            StorageLocations = image.StorageLocations.Count > 0 ? [.. image.StorageLocations] : Where.StorageLocations,
        }, ct);
        return new ImageId(image.Name);
    }

    public Task DeleteDiskAsync(DiskId disk, CancellationToken ct) => Api.DeleteDiskAsync(Project, Zone, disk.Value, ct);

    public async Task<CloudImage?> GetFromFamilyAsync(string family, string? project, CancellationToken ct) =>
        await Api.GetFromFamilyAsync(project ?? Project, family, ct) is { } image ? GceMapping.ToImage(Project, image) : null;

    /// <summary>The base of a family with no image yet.</summary>
    public Task<CloudImage?> BaseImageAsync(CancellationToken ct) => GetFromFamilyAsync(Where.BaseFamily, Where.BaseProject, ct);

    public Task DeprecateAsync(ImageId image, ImageId? replacement, CancellationToken ct)
    {
        var (project, name) = GceMapping.Parse(Project, image.Value);
        var status = replacement is { } r
            ? new DeprecationStatus("DEPRECATED", new Uri(Api.Transport.Root, $"projects/{Project}/global/images/{GceMapping.Parse(Project, r.Value).Name}").AbsoluteUri)
            : new DeprecationStatus("ACTIVE", null);
        return Api.DeprecateImageAsync(project, name, status, ct);
    }

    /// <summary>Every image something still uses: a disk (an instance's boot disk is one), an instance template, a
    /// managed instance group (through its templates).</summary>
    public async Task<IReadOnlyDictionary<ImageId, string>> FindImagesInUseAsync(CancellationToken ct)
    {
        var used = new Dictionary<ImageId, string>();
        void Use(string? source, string why)
        {
            if (string.IsNullOrEmpty(source)) return;
            var (project, name) = GceMapping.Parse(Project, source);
            used.TryAdd(GceMapping.IdOf(Project, project, name), why);
        }
        foreach (var d in await Api.ListAllDisksAsync(Project, ct))
            Use(d.SourceImage, d.Users is { Count: > 0 } u ? $"disk {d.Name} of instance {ComputeClient.Last(u[0])}" : $"disk {d.Name}");
        if (!Where.HasTemplates) return used;
        var templates = await Api.ListInstanceTemplatesAsync(Project, ct);
        foreach (var t in templates)
            foreach (var d in t.Properties?.Disks ?? []) Use(d.InitializeParams?.SourceImage, $"instance template {t.Name}");
        var byTemplate = templates.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var m in await Api.ListAllGroupManagersAsync(Project, ct))
            foreach (var link in (m.Versions ?? []).Select(v => v.InstanceTemplate).Append(m.InstanceTemplate).OfType<string>())
                if (byTemplate.TryGetValue(ComputeClient.Last(link), out var t))
                    foreach (var d in t.Properties?.Disks ?? []) Use(d.InitializeParams?.SourceImage, $"managed instance group {m.Name}");
        return used;
    }
}
