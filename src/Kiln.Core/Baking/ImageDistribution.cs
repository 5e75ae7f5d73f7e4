namespace Kiln.Core.Baking;

/// <summary>Where the finished image goes beyond the build region and who may use it (Packer's ami_regions,
/// region_kms_key_ids, encrypt_boot, kms_key_id, skip_save_build_region, ami_users, ami_groups, snapshot_users,
/// snapshot_groups, ami_product_codes). Empty: the image stays where it was built, private.</summary>
public sealed record ImageDistribution
{
    /// <summary>Regions to copy the image to, without the build region, in the order given.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];
    /// <summary>The key each copy is encrypted with (region → key id, ARN or alias; "" for EBS's default key).</summary>
    public IReadOnlyDictionary<string, string> RegionKmsKeys { get; init; } = new Dictionary<string, string>();
    /// <summary>encrypt_boot: the build region's image is replaced by an encrypted copy, and copies are encrypted.</summary>
    public bool Encrypt { get; init; }
    public string? KmsKeyId { get; init; }
    public bool SkipSaveBuildRegion { get; init; }
    public ImageSharing Sharing { get; init; } = new();

    public bool IsEmpty => Regions.Count == 0 && !Encrypt && !SkipSaveBuildRegion && Sharing.IsEmpty;
}

/// <summary>Launch permissions (accounts, groups: `all` is public), product codes, and create-volume permissions
/// on the image's snapshots.</summary>
public sealed record ImageSharing
{
    public IReadOnlyList<string> Users { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> ProductCodes { get; init; } = [];
    public IReadOnlyList<string> SnapshotUsers { get; init; } = [];
    public IReadOnlyList<string> SnapshotGroups { get; init; } = [];

    public bool IsEmpty => Users.Count + Groups.Count + ProductCodes.Count + SnapshotUsers.Count + SnapshotGroups.Count == 0;
}
