using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Core.Baking;

/// <summary>Everything one bake needs, fully resolved and validated: what `kiln bake` (from kiln.yml and flags) and
/// `kiln build` (from a Packer template) both produce, and what the bake engine runs. No defaults are applied after
/// this point.</summary>
public sealed record BakeSpec
{
    /// <summary>The family for retention, lineage and the one-bake-per-family lock; null for a Packer build whose
    /// ami_name does not follow the `{family}-{YYYYMMDD-HHMM}` rule.</summary>
    public required Family? Family { get; init; }
    public required string ImageName { get; init; }
    public string? ImageDescription { get; init; }
    public required SourceSelector Source { get; init; }
    public required CloudSpec Cloud { get; init; }
    public string InstanceType { get; init; } = "t2.nano";
    public RootVolume RootVolume { get; init; } = new();
    public SshSpec Ssh { get; init; } = new();
    /// <summary>CIDRs allowed to reach SSH on the temporary group; empty means the caller's own address only.</summary>
    public IReadOnlyList<string> SshSourceCidrs { get; init; } = [];
    /// <summary>`ed25519` unless a Packer template asks otherwise (its default is `rsa`): an RSA key costs the cloud
    /// 0.5–1.7 s to make on the local cloud here, an ed25519 one milliseconds, and every current sshd takes it.</summary>
    public string KeyPairType { get; init; } = "ed25519";
    public string? UserData { get; init; }
    public LaunchSpec Launch { get; init; } = new();
    public IReadOnlyList<ProvisionerSpec> Provisioners { get; init; } = [];
    public ProvisionerSpec? ErrorCleanupProvisioner { get; init; }
    public IReadOnlyDictionary<string, string> ImageTags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> RunTags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> SnapshotTags { get; init; } = new Dictionary<string, string>();
    /// <summary>Generations to keep after success; null: no retention (Packer builds).</summary>
    public int? Keep { get; init; }
    /// <summary>Packer's force_deregister: an image of the same name is replaced, only after provisioning succeeded.</summary>
    public bool ForceDeregister { get; init; }
    public bool ForceDeleteSnapshot { get; init; }
    /// <summary>Directory whose git HEAD is recorded on the image as its playbook commit.</summary>
    public string? LineageDirectory { get; init; }
    /// <summary>Copies to other regions, encryption and sharing of the finished image.</summary>
    public ImageDistribution Distribution { get; init; } = new();
    /// <summary>The build's name in Packer's sense (`amazon-ebs` by default); shown in machine-readable output.</summary>
    public string BuildName { get; init; } = "amazon-ebs";
}

/// <summary>Where the source image comes from.</summary>
public abstract record SourceSelector
{
    public sealed record Exact(ImageId Image) : SourceSelector;
    /// <summary>The newest member of a family; when the family is empty, <paramref name="Fallback"/> (null: the cloud's base image).</summary>
    public sealed record NewestOfFamily(Family Family, SourceSelector? Fallback) : SourceSelector;
    /// <summary>The cloud's configured base image (on the local cloud, its Debian base).</summary>
    public sealed record BaseImage : SourceSelector;
    /// <summary>Packer's source_ami_filter: EC2 filters, owners, most_recent.</summary>
    public sealed record Filter(IReadOnlyDictionary<string, string> Filters, IReadOnlyList<string> Owners, bool MostRecent) : SourceSelector;
}

public sealed record SshSpec(string User = "ec2-user", int Port = 22, int TimeoutSeconds = 300, string Interface = "public_ip");

public enum CloudKind { Local, Aws }

/// <summary>Which cloud, and how to reach it. Credentials are never logged: ToString hides the secret key.</summary>
public sealed record CloudSpec(CloudKind Kind, string Region = "ap-northeast-1", string? Profile = null,
    string? AccessKey = null, string? SecretKey = null, string? Endpoint = null, bool SkipRegionValidation = false)
{
    public override string ToString() => Kind == CloudKind.Local ? "local" : $"aws:{Region}";
}
