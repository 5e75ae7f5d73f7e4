using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Distribution;

/// <summary>ami_regions: uses the build region's available image; produces a copy in each region (all at once, as
/// Packer does), encrypted when encrypt_boot is set (with that region's key from region_kms_key_ids, or EBS's
/// default), waits until every copy is available, and gives each the image's tags and its snapshots the snapshot
/// tags. Its cleanup removes the copies and their snapshots unless the bake finished.</summary>
public sealed class StepCopyImage(BakeContext c) : IStep<BakeState>
{
    public string Name => "copy image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var d = state.Spec.Distribution;
        // Made beside the encryption already (StepEncryptImage), from the same intermediate image.
        if (d.Regions.Count == 0 || d.Regions.All(state.Copies.ContainsKey)) return;
        var home = DistributionCloud.Of(c);
        await CopyAllAsync(c, state, (await home.GetImageAsync(state.Image!.Value, ct))!, ct);
    }

    /// <summary>A copy of <paramref name="source"/> in each of ami_regions at once, each waited for and tagged.</summary>
    internal static async Task CopyAllAsync(BakeContext c, BakeState state, CloudImage source, CancellationToken ct)
    {
        var d = state.Spec.Distribution;
        if (d.Regions.Count == 0) return;
        var home = DistributionCloud.Of(c);
        c.Log.Info($"Copying image {source.Id} to {string.Join(", ", d.Regions)}");
        await Task.WhenAll(d.Regions.Select(async region =>
        {
            var cloud = DistributionCloud.For(c, state, region);
            var key = d.Encrypt ? d.RegionKmsKeys.GetValueOrDefault(region) : null;
            var id = await cloud.CopyImageAsync(home.Region, source.Id, state.Spec.ImageName, source.Description, d.Encrypt,
                string.IsNullOrEmpty(key) ? null : key, ct);
            // On record before anything else: a bake killed from here on leaves a copy that `kiln gc` must find.
            await c.Ledger.CreatedAsync(ResourceKind.Image, new RegionalImage(region, id).LedgerId);
            lock (state.Copies) state.Copies[region] = id;
            c.Log.Info($"Copy in {region}: {id}{(d.Encrypt ? $", encrypted with {(string.IsNullOrEmpty(key) ? "EBS's default key" : key)}" : "")}");
            var copy = await DistributionCloud.WaitAvailableAsync(c, cloud, id, ct);
            await TagCopyAsync(c, state, cloud, copy, source.Tags, ct);
        }));
        c.Log.Info($"Every copy is available: {string.Join(", ", state.Copies.Select(kv => $"{kv.Key}:{kv.Value}"))}");
    }

    /// <summary>The image's tags (its lineage included, still temporary until the bake finishes) on the copy and its
    /// snapshots, the snapshot tags over them: Packer's StepCreateTags tags every region's image and snapshots alike.</summary>
    internal static async Task TagCopyAsync(BakeContext c, BakeState state, IMultiRegionCloud cloud, CloudImage copy,
        IReadOnlyDictionary<string, string> imageTags, CancellationToken ct)
    {
        if (imageTags.Count > 0) await cloud.TagImageAsync(copy.Id, imageTags, ct);
        var snapshotTags = SourceVariables.Render(state.Spec.SnapshotTags, state);
        snapshotTags[KilnTags.RunId] = state.Run.Value;
        if (state.Spec.Family is { } family) snapshotTags[KilnTags.Family] = family.Name;
        foreach (var s in copy.Snapshots)
        {
            // Packer 1.6.6 tags snapshots with the image's tags too, then with snapshot_tags over them; so does
            // CreateImage's tag specification for the build region's image.
            if (imageTags.Count > 0) await cloud.TagSnapshotAsync(s, imageTags, ct);
            await cloud.TagSnapshotAsync(s, snapshotTags, ct);
        }
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.ImageComplete) return;
        foreach (var (region, id) in state.Copies.ToList())
        {
            var removed = await ImageRemoval.RemoveAsync(DistributionCloud.For(c, state, region), id, [], ct);
            await c.Ledger.CleanedAsync(ResourceKind.Image, new RegionalImage(region, id).LedgerId);
            c.Log.Info($"Removed the unfinished copy {id} in {region} and {removed.Count} snapshot(s)");
            state.Copies.Remove(region);
        }
    }
}
