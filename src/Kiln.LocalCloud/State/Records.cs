namespace Kiln.LocalCloud.State;

/// <summary>An EBS mapping of an image or a launch request; SnapshotId set on images.</summary>
public sealed record BlockDevice(
    string DeviceName, string? SnapshotId, int VolumeSize, string VolumeType = "gp2", bool DeleteOnTermination = true,
    bool Encrypted = false, string? KmsKeyId = null);

/// <summary>An AMI: a podman image (named by <see cref="LocalCloudLayout.PodmanImage"/>) plus EC2 metadata.</summary>
public sealed record ImageRecord(
    string Id, string Name, string? Description, string State, DateTimeOffset Created, string LoginUser,
    IReadOnlyList<BlockDevice> BlockDevices, IReadOnlyDictionary<string, string> Tags,
    string? SourceInstanceId = null, string RootDeviceName = "/dev/xvda", string? Region = null,
    ImagePermissions? Permissions = null, bool? EnaSupport = null, string? SriovNetSupport = null, string? ImdsSupport = null)
    : IStateObject<ImageRecord>
{
    /// <summary>EC2's enaSupport; images made before the attribute was kept have it.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public bool Ena => EnaSupport ?? true;
    /// <summary>Null: the image is served in every region (the base image, and images made before regions).</summary>
    public bool IsIn(string region) => Region is null || Region == region;
    [System.Text.Json.Serialization.JsonIgnore] public ImagePermissions Shared => Permissions ?? ImagePermissions.None;

    public static string Kind => "image";
}

public sealed record SnapshotRecord(
    string Id, string VolumeId, int VolumeSize, string State, DateTimeOffset Created, string? Description,
    IReadOnlyDictionary<string, string> Tags, string? Region = null, bool Encrypted = false, string? KmsKeyId = null,
    ImagePermissions? Permissions = null) : IStateObject<SnapshotRecord>
{
    public bool IsIn(string region) => Region is null || Region == region;
    [System.Text.Json.Serialization.JsonIgnore] public ImagePermissions Shared => Permissions ?? ImagePermissions.None;

    public static string Kind => "snapshot";
    public string? Name => null;
}

/// <summary>Who may launch an image (or create volumes from a snapshot): account ids and groups (`all` is public),
/// and the image's product codes.</summary>
public sealed record ImagePermissions(IReadOnlyList<string> Users, IReadOnlyList<string> Groups, IReadOnlyList<string> ProductCodes)
{
    public static readonly ImagePermissions None = new([], [], []);
    [System.Text.Json.Serialization.JsonIgnore] public bool IsPublic => Groups.Contains("all");
}

/// <summary>A volume attached to an instance (the container's filesystem stands for the root volume).</summary>
public sealed record InstanceVolume(
    string DeviceName, string VolumeId, int VolumeSize, string VolumeType, bool DeleteOnTermination,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An instance: a podman container `kiln-&lt;id&gt;` on its own loopback address.</summary>
public sealed record InstanceRecord(
    string Id, string ImageId, string InstanceType, string? KeyName, IReadOnlyList<string> SecurityGroupIds,
    string State, string Address, DateTimeOffset Created, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<InstanceVolume> Volumes, string ReservationId, int LaunchIndex, string SubnetId, string VpcId,
    string AvailabilityZone, string LoginUser, string RootDeviceName, string? UserData = null,
    string? StateTransitionReason = null, DateTimeOffset? TerminatedAt = null, string? ClientToken = null,
    InstanceOptions? Options = null, bool NoPublicIp = false, string? BridgeAddress = null)
    : IStateObject<InstanceRecord>
{
    /// <summary>The private address: the loopback address, where the port is published; for an instance without a
    /// public address (NoPublicIp), its address on podman's bridge, reached only from other instances.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string PrivateAddress => NoPublicIp ? BridgeAddress ?? Address : Address;

    [System.Text.Json.Serialization.JsonIgnore] public InstanceOptions Settings => Options ?? InstanceOptions.Default;
    public static string Kind => "instance";
    public string? Name => null;
    public DateTimeOffset LaunchTime => Created;
    public bool IsLive => State is not ("terminated" or "shutting-down");
}

/// <summary>A loopback address held by an instance; the row is the allocation (name = instance id).</summary>
public sealed record AddressRecord(string Id, string InstanceId, DateTimeOffset Created) : IStateObject<AddressRecord>
{
    public static string Kind => "address";
    public string? Name => InstanceId;
}

public sealed record KeyPairRecord(
    string Id, string Name, string KeyType, string Fingerprint, string PublicKey, DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Tags) : IStateObject<KeyPairRecord>
{
    public static string Kind => "keypair";
}

public sealed record IpRange(string Cidr, string? Description = null);

public sealed record IpPermission(
    string Protocol, int? FromPort, int? ToPort, IReadOnlyList<IpRange> Ipv4Ranges, IReadOnlyList<IpRange> Ipv6Ranges,
    IReadOnlyList<string> GroupIds);

public sealed record SecurityGroupRecord(
    string Id, string Name, string Description, string VpcId, IReadOnlyList<IpPermission> Ingress,
    IReadOnlyList<IpPermission> Egress, DateTimeOffset Created, IReadOnlyDictionary<string, string> Tags)
    : IStateObject<SecurityGroupRecord>
{
    public static string Kind => "securitygroup";
}

public sealed record TagSpecification(string ResourceType, IReadOnlyDictionary<string, string> Tags);

/// <summary>What a launch template version says about the instances it launches.</summary>
public sealed record LaunchTemplateData(
    string? ImageId, string? InstanceType, string? KeyName, IReadOnlyList<string> SecurityGroupIds, string? UserData,
    IReadOnlyList<BlockDevice> BlockDevices, IReadOnlyList<TagSpecification> TagSpecifications);

public sealed record LaunchTemplateVersion(int Number, string? Description, DateTimeOffset Created, LaunchTemplateData Data);

public sealed record LaunchTemplateRecord(
    string Id, string Name, DateTimeOffset Created, int DefaultVersion, int LatestVersion,
    IReadOnlyList<LaunchTemplateVersion> Versions, IReadOnlyDictionary<string, string> Tags)
    : IStateObject<LaunchTemplateRecord>
{
    public static string Kind => "launchtemplate";
}
