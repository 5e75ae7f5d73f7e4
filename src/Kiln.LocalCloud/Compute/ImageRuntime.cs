using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>The podman side of images: each AMI is a tag in this home's repository; a tag whose AMI was
/// deregistered while a container still used it is removed once nothing uses it.</summary>
public sealed class ImageRuntime(CloudServices cloud)
{
    /// <summary>Images whose podman image is gone (removed outside Kiln) cannot launch: the base image is named
    /// again from the machine's base, any other is marked failed so RunInstances answers InvalidAMIID.Unavailable.
    /// <paramref name="listedEarlier"/>: a listing taken before this call (the reconciler's); an image missing from it
    /// is asked about again before anything is concluded, so the earlier listing saves a podman call and risks nothing.</summary>
    public async Task VerifyAsync(CancellationToken ct, IReadOnlyList<string>? listedEarlier = null)
    {
        // State first: an image available then was committed before, so its tag is in the listing unless it is really
        // gone. Listing first would take an image another process finished meanwhile for a lost one.
        var images = cloud.State.Read(tx => tx.All<ImageRecord>());
        var tags = (listedEarlier ?? await cloud.Podman.ListImagesAsync(cloud.Layout.ImageRepository, ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var image in images.Where(i => i.State == "available" && !tags.Contains(cloud.Layout.PodmanImage(i.Id))))
        {
            if (listedEarlier is not null && await cloud.Podman.ImageExistsAsync(cloud.Layout.PodmanImage(image.Id), ct)) continue;
            if (image.Tags.GetValueOrDefault(LocalCloudSetup.BaseTag) == "true"
                && await cloud.Podman.ImageExistsAsync(Setup.BaseImage.PodmanName, ct))
            {
                await cloud.Podman.TagAsync(Setup.BaseImage.PodmanName, cloud.Layout.PodmanImage(image.Id), ct);
                continue;
            }
            cloud.Trace($"local-cloud: the podman image of {image.Id} ({image.Name}) is gone; the image is marked failed");
            cloud.State.Write(tx =>
            {
                if (tx.Get<ImageRecord>(image.Id) is { State: "available" } current) tx.Put(current with { State = "failed" });
            });
        }
    }

    /// <summary>Removes podman tags of images no longer registered; tags still in use stay for a later pass.
    /// <paramref name="listed"/>: this home's tags, listed before the state is read (a tag never exists before its
    /// image's row, so an earlier listing cannot make a new image look unregistered).</summary>
    public async Task CollectAsync(CancellationToken ct, IReadOnlyList<string>? listed = null)
    {
        var tags = listed ?? await cloud.Podman.ListImagesAsync(cloud.Layout.ImageRepository, ct);
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
