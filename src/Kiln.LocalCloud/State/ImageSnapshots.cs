namespace Kiln.LocalCloud.State;

/// <summary>The snapshot rows behind an image's EBS mappings (one per mapping with a snapshot id).</summary>
public static class ImageSnapshots
{
    public static IEnumerable<SnapshotRecord> For(ImageRecord image, string description, DateTimeOffset now,
        IReadOnlyDictionary<string, string>? tags = null) =>
        image.BlockDevices.Where(b => b.SnapshotId is not null).Select(b => new SnapshotRecord(
            b.SnapshotId!, ResourceIds.New("vol"), b.VolumeSize, "completed", now, description, tags ?? TagSet.Empty,
            image.Region, b.Encrypted, b.KmsKeyId));

    /// <summary>Snapshots some registered image still uses (DeleteSnapshot refuses those, as AWS does).</summary>
    public static string? UsedBy(StateTx tx, string snapshotId) =>
        tx.All<ImageRecord>().FirstOrDefault(i => i.BlockDevices.Any(b => b.SnapshotId == snapshotId))?.Id;
}
