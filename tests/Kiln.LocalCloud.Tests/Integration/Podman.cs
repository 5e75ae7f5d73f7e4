using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>What podman holds for the test home: checked after cleanups, so leaks fail tests.</summary>
public static class Podman
{
    public static async Task<IReadOnlyCollection<string>> ContainersOf(LocalCloudFixture cloud) =>
        (await new PodmanClient().ListContainersAsync($"kiln.home={cloud.Layout.HomeHash}", CancellationToken.None)).Keys.ToList();

    public static Task<IReadOnlyList<string>> ImagesOf(LocalCloudFixture cloud) =>
        new PodmanClient().ListImagesAsync(cloud.Layout.ImageRepository, CancellationToken.None);

    /// <summary>Compute Engine images' and kept disks' podman names.</summary>
    public static Task<IReadOnlyList<string>> GceImagesOf(LocalCloudFixture cloud) =>
        new PodmanClient().ListImagesAsync(cloud.Layout.GceRepository, CancellationToken.None);
}
