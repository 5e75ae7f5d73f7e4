using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Distribution;

/// <summary>encrypt_boot: uses the available (intermediate) image; produces an encrypted copy of it under the image's
/// name in the build region (kms_key_id, or EBS's default key) that replaces it, as Packer does: the unencrypted image and its snapshots are removed and
/// the copy gets the image's tags and the snapshot tags. The copies in other regions (ami_regions) are made from the
/// same intermediate image at the same time, as Packer makes them all at once; it goes once every copy is made. Its
/// cleanup is StepCreateImage's (the unfinished image) and StepCopyImage's (the copies).</summary>
public sealed class StepEncryptImage(BakeContext c) : IStep<BakeState>
{
    public string Name => "encrypt image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var d = state.Spec.Distribution;
        // With skip_save_build_region the copies in other regions are encrypted as they are made (StepCopyImage).
        if (!d.Encrypt || d.SkipSaveBuildRegion) return;
        var cloud = DistributionCloud.Of(c);
        var original = (await cloud.GetImageAsync(state.Image!.Value, ct))!;
        var regions = StepCopyImage.CopyAllAsync(c, state, original, ct);
        var encrypting = EncryptAsync(cloud, original, d, state, ct);
        await Task.WhenAll(regions, encrypting);
        var (copyId, copy) = encrypting.Result;

        var removed = await ImageRemoval.RemoveAsync(cloud, original.Id, state.Snapshots, ct);
        await c.Ledger.CleanedAsync(ResourceKind.Image, original.Id.Value);
        foreach (var s in removed) await c.Ledger.CleanedAsync(ResourceKind.Snapshot, s.Value);
        state.Image = copyId;
        state.Snapshots = copy.Snapshots;
        foreach (var s in copy.Snapshots) await c.Ledger.CreatedAsync(ResourceKind.Snapshot, s.Value);
        await StepCopyImage.TagCopyAsync(c, state, cloud, copy, original.Tags, ct);
        c.Log.Info($"Image {copyId} is the encrypted image; the unencrypted {original.Id} and its snapshots are removed");
    }

    private async Task<(ImageId, CloudImage)> EncryptAsync(IMultiRegionCloud cloud, CloudImage original,
        Core.Baking.ImageDistribution d, BakeState state, CancellationToken ct)
    {
        var copyId = await cloud.CopyImageAsync(cloud.Region, original.Id, state.Spec.ImageName, original.Description, true,
            NullIfEmpty(d.KmsKeyId ?? d.RegionKmsKeys.GetValueOrDefault(state.Spec.Cloud.Region)), ct);
        await c.Ledger.CreatedAsync(ResourceKind.Image, copyId.Value);
        c.Log.Info($"Encrypting: copy {copyId} of {original.Id}{(d.KmsKeyId is { Length: > 0 } k ? $" with key {k}" : " with EBS's default key")}");
        return (copyId, await DistributionCloud.WaitAvailableAsync(c, cloud, copyId, ct));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
