using Kiln.Core;

namespace Kiln.Baking.Retention;

public sealed record KeptImage(ImageId Id, string Name, string Reason);

public sealed record PrunedImage(ImageId Id, string Name, IReadOnlyList<SnapshotId> Snapshots);

/// <summary>What retention kept (and why) and removed; with DryRun nothing was removed.</summary>
public sealed record PruneResult(string Family, int Keep, bool DryRun, IReadOnlyList<KeptImage> Kept, IReadOnlyList<PrunedImage> Pruned)
{
    /// <summary>Compute Engine: older generations still in use, marked DEPRECATED with <see cref="Replacement"/>.</summary>
    public IReadOnlyList<KeptImage> Deprecated { get; init; } = [];
    public ImageId? Replacement { get; init; }
}
