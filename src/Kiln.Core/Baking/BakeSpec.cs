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
    /// <summary>Compute Engine's native family of the new image (googlecompute's image_family); null: the family's name.</summary>
    public string? ImageFamily { get; init; }
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
    /// <summary>An existing key pair, private key file or agent instead of the temporary key pair.</summary>
    public SshLogin Login { get; init; } = new();
    public string? UserData { get; init; }
    public LaunchSpec Launch { get; init; } = new();
    public IReadOnlyList<ProvisionerSpec> Provisioners { get; init; } = [];
    public ProvisionerSpec? ErrorCleanupProvisioner { get; init; }
    public IReadOnlyDictionary<string, string> ImageTags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> RunTags { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> SnapshotTags { get; init; } = new Dictionary<string, string>();
    /// <summary>ena_support, sriov_support, imds_support of the new image.</summary>
    public ImageAttributes ImageAttributes { get; init; } = new();
    /// <summary>Generations to keep after success; null: no retention (Packer builds).</summary>
    public int? Keep { get; init; }
    /// <summary>Packer's force_deregister: an image of the same name is replaced, only after provisioning succeeded.</summary>
    public bool ForceDeregister { get; init; }
    public bool ForceDeleteSnapshot { get; init; }
    /// <summary>Directory whose git HEAD is recorded on the image as its playbook commit.</summary>
    public string? LineageDirectory { get; init; }
    /// <summary>Copies to other regions, encryption and sharing of the finished image.</summary>
    public ImageDistribution Distribution { get; init; } = new();
    /// <summary>Where the playbook tree came from (its digest is part of the bake's inputs); null: no tree (a Packer
    /// build takes its provisioners' files one by one).</summary>
    public PlaybookOrigin? Playbooks { get; init; }
    /// <summary>`kiln bake` without --force: when the family's newest image was baked from the same inputs, make nothing.</summary>
    public bool SkipWhenUpToDate { get; init; }
    /// <summary>Tests run on a fresh instance of the new image before it counts as a generation; null: none.</summary>
    public ImageTestsSpec? Tests { get; init; }
    /// <summary>Where the inventory taken at the end of provisioning looks for files (kiln.yml `inventory_roots:`);
    /// empty: no inventory is taken.</summary>
    public IReadOnlyList<string> InventoryRoots { get; init; } = Inventory.ImageInventory.DefaultRoots;
    /// <summary>`--keep-failed`: an image whose tests failed stays, tagged `kiln:tests=failed`, instead of being removed.</summary>
    public bool KeepFailedImage { get; init; }
    /// <summary>The build's name in Packer's sense (`amazon-ebs` by default); shown in machine-readable output.</summary>
    public string BuildName { get; init; } = "amazon-ebs";
    /// <summary>Packer's builder type (PACKER_BUILDER_TYPE, packer_builder_type, the manifest's builder_type).</summary>
    public string BuilderType { get; init; } = "amazon-ebs";
}

/// <summary>The playbook tree: a directory (<paramref name="Repository"/> null), or a commit of a repository checked
/// out into the run's own work tree at <paramref name="Root"/>.</summary>
public sealed record PlaybookOrigin(string Root, PlaybookCommit? Repository = null);

/// <summary>A resolved commit: <paramref name="Repository"/> is the URL without credentials, <paramref name="GitDirectory"/>
/// the local mirror that holds the commit.</summary>
public sealed record PlaybookCommit(string Repository, string Ref, string Commit, string GitDirectory);

/// <summary>Where the source image comes from.</summary>
public abstract record SourceSelector
{
    public sealed record Exact(ImageId Image) : SourceSelector;
    /// <summary>The newest member of a family; when the family is empty, <paramref name="Fallback"/> (null: the cloud's base image).</summary>
    public sealed record NewestOfFamily(Family Family, SourceSelector? Fallback) : SourceSelector;
    /// <summary>The cloud's configured base image (on the local cloud, its Debian base).</summary>
    public sealed record BaseImage : SourceSelector;
    /// <summary>googlecompute's source_image (<paramref name="IsFamily"/> false) or source_image_family (true):
    /// looked for in <paramref name="Projects"/> in order (null: the bake's own project), the first found wins, as
    /// Packer searches source_image_project_id, or the project and then Google's public image projects.</summary>
    public sealed record GoogleImage(string Name, bool IsFamily, IReadOnlyList<string?> Projects) : SourceSelector;
    /// <summary>Packer's source_ami_filter: EC2 filters, owners, most_recent.</summary>
    public sealed record Filter(IReadOnlyDictionary<string, string> Filters, IReadOnlyList<string> Owners, bool MostRecent) : SourceSelector;
}

public sealed record SshSpec(string User = "ec2-user", int Port = 22, int TimeoutSeconds = 300, string Interface = "public_ip",
    SshBastion? Bastion = null);

/// <summary>Packer's ssh_bastion_*: the build instance is reached through this host (`ssh -W`), as when it has only a
/// private address. <paramref name="User"/> null: ssh's own default (the local user name). <paramref name="PrivateKeyFile"/>
/// null: the agent's keys (ssh_bastion_agent_auth). <paramref name="HostAt"/> and <paramref name="KeyAt"/>: where the
/// template gave the host and the key (`file:line:col: path`), for a problem found when the bastion is asked.</summary>
public sealed record SshBastion(string Host, int Port, string? User, string? PrivateKeyFile, string? HostAt = null, string? KeyAt = null);

/// <summary>Local and LocalGcp are the embedded cloud's EC2 and Compute Engine endpoints: the same code paths as Aws
/// and Gcp, pointed at loopback.</summary>
public enum CloudKind { Local, Aws, Gcp, LocalGcp }

/// <summary>Which cloud, and how to reach it. Credentials are never logged: ToString hides the secret key and token.</summary>
public sealed record CloudSpec(CloudKind Kind, string Region = "ap-northeast-1", string? Profile = null,
    string? AccessKey = null, string? SecretKey = null, string? Endpoint = null, bool SkipRegionValidation = false)
{
    /// <summary>Compute Engine's project and zone (cloud gcp and local-gcp).</summary>
    public string? Project { get; init; }
    public string? Zone { get; init; }
    /// <summary>A service account key file (googlecompute's account_file) instead of Application Default Credentials.</summary>
    public string? CredentialsFile { get; init; }
    /// <summary>The session token of temporary keys (amazon-ebs's token, with access_key and secret_key).</summary>
    public string? SessionToken { get; init; }
    /// <summary>The shared credentials file the profile is read from (amazon-ebs's shared_credentials_file); null:
    /// the SDK's files (~/.aws/credentials, ~/.aws/config).</summary>
    public string? SharedCredentialsFile { get; init; }
    /// <summary>googlecompute's state_timeout: how long each Compute Engine operation (instance insert, stop and delete,
    /// image insert, firewall changes) may take. Null: the provider's default.</summary>
    public TimeSpan? StateTimeout { get; init; }
    public bool IsGce => Kind is CloudKind.Gcp or CloudKind.LocalGcp;

    public override string ToString() => Kind switch
    {
        CloudKind.Local => "local",
        CloudKind.Gcp => $"gcp:{Project}/{Zone}",
        CloudKind.LocalGcp => $"local-gcp:{Project}/{Zone}",
        _ => $"aws:{Region}",
    };
}
