namespace Kiln.Core.Baking;

/// <summary>How the build instance is launched on EC2 beyond what both clouds share (Packer amazon-ebs's
/// iam_instance_profile, metadata_options, spot_*, ebs_optimized, enable_t2_unlimited, run_volume_tags and
/// availability_zone), sent as RunInstances parameters. Empty values mean EC2's defaults.</summary>
public sealed record Ec2Launch
{
    /// <summary>An instance profile's name, or its ARN (`arn:aws:iam::…:instance-profile/…`).</summary>
    public string? IamInstanceProfile { get; init; }
    /// <summary>The instance metadata service's options; null: EC2's (or the image's imds_support) defaults.</summary>
    public InstanceMetadata? Metadata { get; init; }
    /// <summary>A spot instance instead of an on-demand one; null: on-demand.</summary>
    public SpotRequest? Spot { get; init; }
    public bool EbsOptimized { get; init; }
    /// <summary>CPU credits `unlimited` for a burstable type (enable_t2_unlimited, enable_unlimited_credits).</summary>
    public bool UnlimitedCredits { get; init; }
    /// <summary>Tags of the build instance's volumes (run_volume_tags); the run's own tags are added to them.</summary>
    public IReadOnlyDictionary<string, string> VolumeTags { get; init; } = new Dictionary<string, string>();
    public string? AvailabilityZone { get; init; }
}

/// <summary>metadata_options as EC2's InstanceMetadataOptionsRequest takes them, with Packer's defaults filled in
/// (enabled, optional, hop limit 1, tags disabled).</summary>
public sealed record InstanceMetadata(string HttpEndpoint = "enabled", string HttpTokens = "optional", int HopLimit = 1,
    string InstanceMetadataTags = "disabled");

/// <summary>A one-time spot instance. <paramref name="MaxPrice"/> null is Packer's `auto`: EC2 caps the price at the
/// on-demand price. <paramref name="InstanceTypes"/> are tried in order (spot_instance_types, else instance_type).</summary>
public sealed record SpotRequest(string? MaxPrice, IReadOnlyList<string> InstanceTypes, IReadOnlyDictionary<string, string> Tags);

/// <summary>What amazon-ebs sets on the image beyond its tags: ena_support and sriov_support (set on the stopped
/// instance before the image is made, so the image inherits them, as Packer does), imds_support (`v2.0`, set on the
/// image once available). Null: the source's settings.</summary>
public sealed record ImageAttributes(bool? EnaSupport = null, bool SriovSupport = false, string? ImdsSupport = null)
{
    public bool ChangesInstance => EnaSupport is not null || SriovSupport;
}
