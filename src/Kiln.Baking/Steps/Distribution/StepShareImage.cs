using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Distribution;

/// <summary>ami_users, ami_groups, ami_product_codes, snapshot_users, snapshot_groups: uses the image in every region
/// (the build region's and the copies); adds launch permissions and product codes to each, create-volume
/// permissions to their snapshots, as Packer's StepModifyAMIAttributes does after the copies.</summary>
public sealed class StepShareImage(BakeContext c) : IStep<BakeState>
{
    public string Name => "share image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var sharing = state.Spec.Distribution.Sharing;
        if (sharing.IsEmpty) return;
        var images = state.Copies.Select(kv => (Region: kv.Key, Id: kv.Value)).ToList();
        if (!state.Spec.Distribution.SkipSaveBuildRegion) images.Insert(0, (state.Spec.Cloud.Region, state.Image!.Value));
        foreach (var (region, id) in images)
        {
            var cloud = DistributionCloud.For(c, state, region);
            var image = (await cloud.GetImageAsync(id, ct))!;
            await cloud.ShareImageAsync(id, image.Snapshots, sharing, ct);
            c.Log.Info($"Shared {id} in {region}: launch {Names(sharing.Users, sharing.Groups)}; snapshots {Names(sharing.SnapshotUsers, sharing.SnapshotGroups)}"
                + (sharing.ProductCodes.Count > 0 ? $"; product codes {string.Join(", ", sharing.ProductCodes)}" : ""));
        }
    }

    private static string Names(IReadOnlyList<string> users, IReadOnlyList<string> groups) =>
        users.Count + groups.Count == 0 ? "unchanged" : string.Join(", ", users.Concat(groups));

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
