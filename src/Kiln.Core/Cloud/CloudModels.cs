using Kiln.Core.Runs;

namespace Kiln.Core.Cloud;

public enum ImageState { Pending, Available, Failed, Deregistered, Other }

public static class ImageStates
{
    /// <summary>An image state as EC2 names it (DescribeImages' `imageState`, which the local cloud stores too).</summary>
    public static ImageState FromEc2(string? state) => state switch
    {
        "available" => ImageState.Available,
        "pending" => ImageState.Pending,
        "failed" or "error" or "invalid" => ImageState.Failed,
        "deregistered" => ImageState.Deregistered,
        _ => ImageState.Other,
    };
}

/// <summary>Compute Engine's deprecation life cycle of an image (EC2 images are always Active).</summary>
public enum Deprecation { Active, Deprecated, Obsolete, Deleted }

public sealed record CloudImage(
    ImageId Id, string Name, ImageState State, DateTimeOffset Created,
    IReadOnlyList<SnapshotId> Snapshots, IReadOnlyDictionary<string, string> Tags, string? Description = null,
    string? Owner = null, string? OwnerAlias = null)
{
    /// <summary>The image's native family (Compute Engine); null on EC2.</summary>
    public string? NativeFamily { get; init; }
    public Deprecation Deprecation { get; init; } = Deprecation.Active;
    /// <summary>The replacement a deprecation names, when it names one.</summary>
    public string? ReplacedBy { get; init; }
}

public enum InstanceState { Pending, Running, ShuttingDown, Terminated, Stopping, Stopped, Other }

public sealed record CloudInstance(
    InstanceId Id, InstanceState State, string? PublicIp, string? PrivateIp, ImageId Image,
    IReadOnlyDictionary<string, string> Tags, string? StateReason = null)
{
    /// <summary>The address to SSH to: public when there is one, as Packer's default ssh_interface does.</summary>
    public string? Address => PublicIp ?? PrivateIp;
}

public sealed record RootVolume(string DeviceName = "/dev/xvda", int SizeGb = 50, string VolumeType = "gp2");

/// <summary>What the builder instance is launched with. <paramref name="Credential"/> and <paramref name="SshRule"/>
/// are this run's: EC2 names the key pair and the group; Compute Engine puts the public key in the instance's
/// `ssh-keys` metadata and gives it the rule's target tag.</summary>
public sealed record InstanceRequest(
    ImageId Image, string InstanceType, SshCredential Credential, SshRuleId SshRule,
    IReadOnlyDictionary<string, string> Tags, RootVolume? RootVolume = null, string? UserData = null,
    string? SubnetId = null, bool? AssociatePublicIp = null, string? ShutdownBehavior = null)
{
    /// <summary>The instance's name where the cloud names instances (Compute Engine); EC2 uses the Name tag.</summary>
    public string? Name { get; init; }
    /// <summary>Compute Engine's network, and what else only its launch takes.</summary>
    public string? Network { get; init; }
    public Baking.GceLaunch? Gce { get; init; }
    /// <summary>What only an EC2 launch takes (instance profile, metadata options, spot, …).</summary>
    public Baking.Ec2Launch? Ec2 { get; init; }
}

/// <summary>An instance just launched, and what else the launch made that outlives it (a GCE boot disk with
/// autoDelete false), for the ledger.</summary>
public sealed record LaunchedInstance(InstanceId Id, IReadOnlyList<TemporaryResource> AlsoMade);

/// <summary>A run's temporary SSH credential. <paramref name="Name"/> is the run id; <paramref name="User"/> the login
/// user it is for.</summary>
public sealed record SshCredentialRequest(RunId Run, string User, string KeyType, IReadOnlyDictionary<string, string> Tags,
    string PrivateKeyDirectory)
{
    /// <summary>The key pair's name where the cloud names them (temporary_key_pair_name); null: the run id.</summary>
    public string? Name { get; init; }
}

/// <summary>A temporary SSH credential: its private key (never logged: ToString hides it) and public line.
/// <paramref name="Ledger"/> is the kind the cloud holds it as (EC2: KeyPair), null when only the run holds it (a GCE
/// key, which reaches the instance in its metadata and goes with it, or the user's own key). An empty
/// <paramref name="Name"/> attaches no key pair at launch.</summary>
public sealed record SshCredential(string Name, string User, string PrivateKey, string? PublicKey, ResourceKind? Ledger)
{
    public override string ToString() => $"SshCredential {{ Name = {Name}, User = {User}, PrivateKey = *** }}";
}

/// <summary>Open TCP <paramref name="Port"/> to <paramref name="Cidr"/> for this run's instance only.</summary>
public sealed record SshRuleRequest(RunId Run, string Cidr, int Port, IReadOnlyDictionary<string, string> Tags, string? Network = null)
{
    /// <summary>EC2: the VPC of the group (the instance's); null: the default VPC.</summary>
    public string? VpcId { get; init; }
}

/// <summary>A resource marked temporary, with the run that made it when the listing shows it.</summary>
public sealed record TemporaryResource(ResourceKind Kind, string Id, RunId? Run);

/// <summary>A key pair's private key (PEM/OpenSSH). Never logged: ToString hides it.</summary>
public sealed record KeyPairMaterial(KeyPairName Name, string PrivateKey)
{
    public override string ToString() => $"KeyPairMaterial {{ Name = {Name}, PrivateKey = *** }}";
}
