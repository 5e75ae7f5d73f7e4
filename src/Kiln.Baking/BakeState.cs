using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Baking;

/// <summary>What the steps of one bake hand each other, typed (Packer's is a string-keyed bag). Each field is set
/// by one step, the moment the thing exists, so that step's cleanup finds it even when the step fails halfway.</summary>
public sealed class BakeState(RunId run, BakeSpec spec, string runDirectory)
{
    public RunId Run { get; } = run;
    public BakeSpec Spec { get; } = spec;
    /// <summary>`KilnPaths.RunDirectory(run)`, mode 0700: the private key, inventory, ssh control sockets.</summary>
    public string RunDirectory { get; } = runDirectory;

    /// <summary>Problems of the playbooks' task selection, started before the bake (BakeRequest) or by StepCheckInputs.</summary>
    public Task<IReadOnlyList<string>>? PlaybookCheck { get; init; }
    /// <summary>The playbook tree's entries, read before the bake (BakeRequest) or by StepCheckInputs.</summary>
    public Task<IReadOnlyList<Inputs.TreeEntry>>? PlaybookTree { get; init; }

    public Lineage.PlaybookLineage? Lineage { get; set; }
    /// <summary>The digests of what this bake is made from (its `kiln:inputs` tag).</summary>
    public Inputs.BakeInputs? Inputs { get; set; }
    /// <summary>Set when the family's newest image was baked from the same inputs: nothing is made.</summary>
    public CloudImage? UpToDate { get; set; }
    /// <summary>What differs from the family's newest image, in words.</summary>
    public List<string> InputChanges { get; } = [];
    public CloudImage? SourceImage { get; set; }
    /// <summary>The same-named image that ForceDeregister replaces once provisioning succeeded.</summary>
    public CloudImage? ImageToReplace { get; set; }

    /// <summary>The VPC, subnet and groups vpc_filter, subnet_filter and security_group_filter chose; null: no filters.</summary>
    public ResolvedNetwork? Network { get; set; }

    public SshCredential? Credential { get; set; }
    public string? PrivateKeyPath { get; set; }
    /// <summary>The OpenSSH public key line of the run's key, removed from authorized_keys before the image is made.</summary>
    public string? PublicKey { get; set; }
    public SshRuleId? SshRule { get; set; }
    /// <summary>True when this run made the rule (and so deletes it); false for a group the spec named.</summary>
    public bool SshRuleIsOwn { get; set; }
    public string? SshSourceCidr { get; set; }

    public InstanceId? Instance { get; set; }
    /// <summary>The build instance's termination, started once its image exists (StepReleaseInstance) and awaited by
    /// StepRunInstance's cleanup.</summary>
    public Task? InstanceRelease { get; set; }
    /// <summary>The instance's boot disk, when it outlives the instance (Compute Engine: the image is made from it).</summary>
    public DiskId? Disk { get; set; }
    public string? Address { get; set; }
    public Ssh.SshTarget? Ssh { get; set; }
    /// <summary>The run's ssh master being closed once its last use is over (StepRecordInventory), awaited by
    /// StepWaitForSsh's cleanup: the instance's stop need not wait for it.</summary>
    public Task? SshMasterClosing { get; set; }
    /// <summary>The inventory command's output, taken by the login that removed the temporary key
    /// (StepRemoveTemporaryKey) for StepRecordInventory to read and record.</summary>
    public Inventory.TakenInventory? TakenInventory { get; set; }
    /// <summary>The tasks ansible-playbook changed while provisioning, recorded with the inventory.</summary>
    public Provisioners.AnsibleChanges AnsibleChanges { get; } = new();
    /// <summary>The first provisioner's ansible-playbook, started before the instance (StepStartAnsible).</summary>
    public Provisioners.EarlyAnsible? EarlyAnsible { get; set; }

    /// <summary>The instance launched from the new image to test it, as a user would launch it (StepLaunchTestInstance).</summary>
    public InstanceId? TestInstance { get; set; }
    public DiskId? TestDisk { get; set; }
    public Ssh.SshTarget? TestSsh { get; set; }
    /// <summary>`passed` or `failed` once the image's tests ran; null without tests.</summary>
    public string? TestsOutcome { get; set; }

    public ImageId? Image { get; set; }
    public IReadOnlyList<SnapshotId> Snapshots { get; set; } = [];
    /// <summary>Set once the image is available and tagged: from then on it is the bake's product, not a half-made image.</summary>
    public bool ImageComplete { get; set; }

    /// <summary>Copies in other regions (the spec's region names → image), made by StepCopyImage.</summary>
    public Dictionary<string, ImageId> Copies { get; } = new(StringComparer.Ordinal);
    /// <summary>False once skip_save_build_region removed the build region's image: only the copies remain.</summary>
    public bool BuildRegionImageKept { get; set; } = true;

    public Retention.PruneResult? Retention { get; set; }
    public List<string> Warnings { get; } = [];
}
