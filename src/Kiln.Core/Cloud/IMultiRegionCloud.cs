namespace Kiln.Core.Cloud;

/// <summary>A cloud whose images can be copied between regions and shared with other accounts (EC2's CopyImage and
/// Modify*Attribute). Each region is reached as a cloud of its own, signed for that region.</summary>
public interface IMultiRegionCloud : ICloud, IInstanceImages
{
    /// <summary>The region this cloud's calls are signed for.</summary>
    string Region { get; }

    /// <summary>The same account, endpoint and credentials, signed for <paramref name="region"/>.</summary>
    IMultiRegionCloud InRegion(string region);

    /// <summary>CopyImage into this cloud's region. <paramref name="kmsKeyId"/>: null for EBS's default key.</summary>
    Task<ImageId> CopyImageAsync(string sourceRegion, ImageId source, string name, string? description, bool encrypted,
        string? kmsKeyId, CancellationToken ct);

    /// <summary>Adds launch permissions and product codes to the image and create-volume permissions to its snapshots.</summary>
    Task ShareImageAsync(ImageId image, IReadOnlyList<SnapshotId> snapshots, Baking.ImageSharing sharing, CancellationToken ct);
}
