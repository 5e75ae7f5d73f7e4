using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking;

/// <summary>Removes an image with what only it holds (EC2: its snapshots, whose cost deregistering alone leaves
/// behind). Used by a bake's cleanup, retention and gc. Idempotent: a missing image is already gone.</summary>
public static class ImageRemoval
{
    public static Task<IReadOnlyList<SnapshotId>> RemoveAsync(ICloud cloud, ImageId id, IReadOnlyList<SnapshotId> known,
        CancellationToken ct) => cloud.RemoveImageAsync(id, known, ct);
}
