using Kiln.Baking.Polling;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Steps.Distribution;

/// <summary>What the distribution steps share: the cloud of each region, and waiting for an image there.</summary>
internal static class DistributionCloud
{
    public static IMultiRegionCloud Of(BakeContext c) => c.Cloud as IMultiRegionCloud
        ?? throw new KilnInputException($"the cloud {c.Cloud.Describe} cannot copy or share images (ami_regions, encrypt_boot, ami_users)");

    /// <summary>The cloud of a region the spec names: the build region is the cloud itself (on the local cloud its
    /// calls are signed for the local cloud's own region), any other is signed for that region.</summary>
    public static IMultiRegionCloud For(BakeContext c, BakeState state, string region) =>
        region == state.Spec.Cloud.Region ? Of(c) : Of(c).InRegion(region);

    public static async Task<CloudImage> WaitAvailableAsync(BakeContext c, ICloud cloud, ImageId id, CancellationToken ct)
    {
        var image = await c.Poller.UntilAsync(c.Timings.ImageAvailable,
            async t => await cloud.GetImageAsync(id, t) ?? throw new NotYetException($"{id} is not known yet"),
            i => i.State is ImageState.Available or ImageState.Failed or ImageState.Deregistered, ct);
        if (image.State != ImageState.Available) throw new InvalidOperationException($"image {id} ended {image.State}, not available");
        return image;
    }
}
