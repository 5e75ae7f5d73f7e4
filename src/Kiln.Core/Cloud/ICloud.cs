using Kiln.Core.Runs;

namespace Kiln.Core.Cloud;

/// <summary>The cloud port of a bake, retention and gc, in the bake's own nouns: a temporary SSH credential, a
/// temporary rule opening SSH to the caller, an instance, a family's images, what is in use, and the temporary things
/// a run left. Each provider fits it in its own terms (EC2: a key pair, a security group; Compute Engine: a key in the
/// instance's metadata, a firewall rule for a tag only the instance carries). How an image is made from the instance
/// differs too much to share: see <see cref="IInstanceImages"/> (EC2) and <see cref="IDiskImages"/> (Compute Engine).
/// Every call passes its token down; not-found on delete is success (cleanup is idempotent).</summary>
public interface ICloud
{
    /// <summary>"local", "aws:ap-northeast-1", "gcp:my-project/asia-northeast1-b", …: shown in run records.</summary>
    string Describe { get; }

    // A family's images, and what uses them.
    Task<IReadOnlyList<CloudImage>> FindImagesAsync(string nameFilter, CancellationToken ct);
    Task<CloudImage?> GetImageAsync(ImageId id, CancellationToken ct);
    Task<IReadOnlyList<CloudImage>> FindImagesByTagAsync(string key, string value, CancellationToken ct);
    /// <summary>Adds or replaces tags (labels) on an image of this cloud.</summary>
    Task TagImageAsync(ImageId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    /// <summary>Removes an image and what only it holds (EC2: its snapshots, plus <paramref name="knownSnapshots"/>);
    /// returns the snapshots it deleted. A missing image is already gone.</summary>
    Task<IReadOnlyList<SnapshotId>> RemoveImageAsync(ImageId id, IReadOnlyList<SnapshotId> knownSnapshots, CancellationToken ct);
    /// <summary>Images that must not be deleted, with the reason: used by an instance, a disk, a launch or instance
    /// template, an Auto Scaling group or a managed instance group.</summary>
    Task<IReadOnlyDictionary<ImageId, string>> FindImagesInUseAsync(CancellationToken ct);

    // A temporary SSH credential.
    Task<SshCredential> CreateSshCredentialAsync(SshCredentialRequest request, CancellationToken ct);
    /// <summary>Only for a credential with a <see cref="SshCredential.Ledger"/> kind (one the cloud holds).</summary>
    Task DeleteSshCredentialAsync(SshCredential credential, CancellationToken ct);

    // A temporary rule opening SSH from the caller.
    /// <summary>The ledger kind of the rule (SecurityGroup, Firewall).</summary>
    ResourceKind SshRuleKind { get; }
    Task<SshRuleId> OpenSshAsync(SshRuleRequest request, CancellationToken ct);
    Task CloseSshAsync(SshRuleId id, CancellationToken ct);

    // The builder instance.
    Task<LaunchedInstance> LaunchAsync(InstanceRequest request, CancellationToken ct);
    /// <summary>Null when the cloud does not know the id (EC2 is eventually consistent; a deleted GCE instance is gone).</summary>
    Task<CloudInstance?> GetInstanceAsync(InstanceId id, CancellationToken ct);
    Task<IReadOnlyList<CloudInstance>> FindInstancesByTagAsync(string key, string value, CancellationToken ct);
    Task StopInstanceAsync(InstanceId id, CancellationToken ct);
    /// <summary>EC2: terminate. Compute Engine: delete (a boot disk made with autoDelete false stays).</summary>
    Task TerminateInstanceAsync(InstanceId id, CancellationToken ct);

    // What runs left (kiln gc).
    /// <summary>Everything marked temporary (`kiln:temporary=true`), each with its run (its `kiln:run-id`; null when
    /// untagged).</summary>
    Task<IReadOnlyList<TemporaryResource>> FindTemporaryAsync(CancellationToken ct);
    /// <summary>What <paramref name="run"/> made of EC2's key pairs and groups, asked by its run tag (a run's
    /// leftovers); empty where the cloud has none of those kinds.</summary>
    Task<IReadOnlyList<TemporaryResource>> FindTemporaryOfRunAsync(RunId run, CancellationToken ct);
    /// <summary>Removes one temporary resource that is neither an instance nor an image (those have their own calls):
    /// a key pair, group, snapshot, disk or firewall rule. Absent is success.</summary>
    Task RemoveTemporaryAsync(ResourceKind kind, string id, CancellationToken ct);
}

/// <summary>EC2's way to an image: straight from the (stopped) instance.</summary>
public interface IInstanceImages
{
    Task DeregisterImageAsync(ImageId id, CancellationToken ct);
    Task DeleteSnapshotAsync(SnapshotId id, CancellationToken ct);
    Task TagSnapshotAsync(SnapshotId id, IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    Task<ImageId> CreateImageAsync(InstanceId instance, string name, string description,
        IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    /// <summary>ENA (null: unchanged) and SR-IOV support of a stopped instance, which the image made from it inherits.</summary>
    Task SetNetworkSupportAsync(InstanceId instance, bool? ena, bool sriov, CancellationToken ct);
    /// <summary>Instances of the image must use IMDSv2 (<paramref name="version"/> `v2.0`).</summary>
    Task SetImdsSupportAsync(ImageId image, string version, CancellationToken ct);
}

/// <summary>Compute Engine's way to an image: from the boot disk once the instance is deleted; images belong to
/// native families, with a deprecation life cycle.</summary>
public interface IDiskImages
{
    /// <summary>The boot disk of an instance this cloud launched (named after it).</summary>
    DiskId BootDiskOf(InstanceId instance);
    /// <summary>Removes the temporary SSH key from the instance's metadata.</summary>
    Task RemoveSshKeysAsync(InstanceId instance, CancellationToken ct);
    Task<ImageId> CreateImageFromDiskAsync(DiskId disk, ImageFromDisk image, CancellationToken ct);
    Task DeleteDiskAsync(DiskId disk, CancellationToken ct);
    /// <summary>`images.getFromFamily`: the family's newest image that is not deprecated; null for an empty family.</summary>
    Task<CloudImage?> GetFromFamilyAsync(string family, string? project, CancellationToken ct);
    /// <summary>The base of a family with no image yet (Google's public `debian-12` family of `debian-cloud`).</summary>
    Task<CloudImage?> BaseImageAsync(CancellationToken ct);
    /// <summary>Every problem with where the instance would run (the project, the zone, the machine type), asked
    /// before anything is created.</summary>
    Task<IReadOnlyList<string>> LaunchProblemsAsync(string machineType, CancellationToken ct);
    /// <summary>Marks an image DEPRECATED with <paramref name="replacement"/>, or ACTIVE again (null state).</summary>
    Task DeprecateAsync(ImageId image, ImageId? replacement, CancellationToken ct);
}

/// <summary>An image made from a disk: its name, native family, description and labels.</summary>
public sealed record ImageFromDisk(string Name, string? Family, string Description, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Where Google stores the image (image_storage_locations); empty: its default.</summary>
    public IReadOnlyList<string> StorageLocations { get; init; } = [];
}
