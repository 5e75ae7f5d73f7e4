using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking;

/// <summary>Deregisters an image and deletes its snapshots (deregistering alone leaves the snapshots, and their
/// cost, behind). Used by a bake's cleanup, retention and gc. Idempotent: a missing image is already gone.</summary>
public static class ImageRemoval
{
    public static async Task<IReadOnlyList<SnapshotId>> RemoveAsync(ICloud cloud, ImageId id, IReadOnlyList<SnapshotId> known,
        CancellationToken ct)
    {
        var image = await cloud.GetImageAsync(id, ct);
        var snapshots = (image?.Snapshots ?? []).Concat(known).Distinct().ToList();
        if (image is not null && image.State != ImageState.Deregistered) await cloud.DeregisterImageAsync(id, ct);
        foreach (var snapshot in snapshots) await cloud.DeleteSnapshotAsync(snapshot, ct);
        return snapshots;
    }
}
