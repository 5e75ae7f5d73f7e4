namespace Kiln.LocalCloud.State;

/// <summary>What RunInstances set beyond image, type, key, groups and placement, as DescribeInstances shows it: the
/// instance profile, the metadata service's options, a spot request, EBS optimisation, CPU credits, and ENA and SR-IOV
/// support (which ModifyInstanceAttribute changes on a stopped instance and CreateImage passes to the image).</summary>
public sealed record InstanceOptions(
    InstanceProfile? Profile = null, MetadataOptions? Metadata = null, SpotInstance? Spot = null, bool EbsOptimized = false,
    string? CpuCredits = null, bool EnaSupport = true, string? SriovNetSupport = null)
{
    public static readonly InstanceOptions Default = new();
}

/// <summary>An instance profile as EC2 shows it on an instance (there is no IAM here: any well-formed name is taken).</summary>
public sealed record InstanceProfile(string Arn, string Id);

/// <summary>The instance metadata service's options (EC2's InstanceMetadataOptionsResponse).</summary>
public sealed record MetadataOptions(string HttpEndpoint, string HttpTokens, int HopLimit, string InstanceMetadataTags);

/// <summary>The one-time spot request an instance was launched by, with the tags given to it.</summary>
public sealed record SpotInstance(string RequestId, string? MaxPrice, string Type, IReadOnlyDictionary<string, string> Tags);
