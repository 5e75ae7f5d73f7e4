using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>The podman side of images: each AMI is a tag in this home's repository; a tag whose AMI was
/// deregistered while a container still used it is removed once nothing uses it.</summary>
public sealed class ImageRuntime(CloudServices cloud)
{
    /// <summary>Removes podman tags of images no longer registered; tags still in use stay for a later pass.</summary>
    public async Task CollectAsync(CancellationToken ct)
    {
        var tags = await cloud.Podman.ListImagesAsync(cloud.Layout.ImageRepository, ct);
        var registered = cloud.State.Read(tx => tx.All<ImageRecord>().Select(i => i.Id).ToHashSet(StringComparer.Ordinal));
        foreach (var tag in tags)
        {
            var id = tag[(tag.LastIndexOf(':') + 1)..];
            // Only this home's AMI tags: never the shared base image or another home's names.
            if (!tag.StartsWith(cloud.Layout.ImageRepository + ":ami-", StringComparison.Ordinal)) continue;
            if (!registered.Contains(id)) await cloud.Podman.RemoveImageAsync(tag, ct);
        }
    }
}
