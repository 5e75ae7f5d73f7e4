using Kiln.Core;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud;

/// <summary>What one KILN_HOME's local cloud holds outside its directory: podman containers labelled with the home,
/// and the images of its two repositories (EC2's AMIs; Compute Engine's images and detached disks). Podman is shared
/// by every home on the machine, so deleting a home's directory alone leaves these behind.</summary>
public sealed record LocalCloudFootprint(string Directory, bool DirectoryExists, IReadOnlyList<string> Containers,
    IReadOnlyList<string> Images)
{
    public bool IsEmpty => !DirectoryExists && Containers.Count == 0 && Images.Count == 0;
}

/// <summary>Removes a home's local cloud: containers first (an image in use cannot go), then every image name of the
/// home's repositories in one `podman rmi`, then the directory (state, key, instance files).</summary>
public static class LocalCloudRemoval
{
    public static async Task<LocalCloudFootprint> FootprintAsync(KilnPaths paths, PodmanClient podman, CancellationToken ct)
    {
        var layout = new LocalCloudLayout(paths);
        var containers = (await podman.ListContainersAsync($"kiln.home={layout.HomeHash}", ct)).Keys.Order(StringComparer.Ordinal).ToList();
        var images = new List<string>();
        foreach (var repository in new[] { layout.ImageRepository, layout.GceRepository })
            images.AddRange(await podman.ListImagesAsync(repository, ct));
        return new LocalCloudFootprint(layout.Root, Directory.Exists(layout.Root), containers, images);
    }

    public static async Task<LocalCloudFootprint> RemoveAsync(KilnPaths paths, PodmanClient podman, CancellationToken ct)
    {
        var footprint = await FootprintAsync(paths, podman, ct);
        foreach (var container in footprint.Containers) await podman.RemoveContainerAsync(container, ct);
        await podman.RemoveImagesAsync(footprint.Images, ct);
        if (footprint.DirectoryExists) Directory.Delete(footprint.Directory, recursive: true);
        return footprint;
    }
}
