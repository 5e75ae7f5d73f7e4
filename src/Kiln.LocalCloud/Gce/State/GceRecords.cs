using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.State;

// Compute Engine objects in the same state store as the EC2 ones. Each row's id (and indexed name) is the resource's
// path from `projects/`, so a project's or a zone's resources are listed through the name index with one GLOB;
// `Number` is the resource's numeric id.

public sealed record GceItem(string Key, string? Value);

public sealed record GceMetadata(IReadOnlyList<GceItem> Items, string Fingerprint)
{
    public static readonly GceMetadata Empty = new([], Hosting.GceJson.EmptyFingerprint);
    public string? Get(string key) => Items.FirstOrDefault(i => i.Key == key)?.Value;
}

public sealed record GceTags(IReadOnlyList<string> Items, string Fingerprint)
{
    public static readonly GceTags Empty = new([], Hosting.GceJson.EmptyFingerprint);
}

public sealed record GceDeprecation(string State, string? Replacement, string? Deprecated, string? Obsolete, string? Deleted);

public sealed record GceProjectRecord(string Id, ulong Number, string Project, GceMetadata Metadata, DateTimeOffset Created)
    : IStateObject<GceProjectRecord>
{
    public static string Kind => "gce-project";
    string? IStateObject<GceProjectRecord>.Name => Id;
}

/// <summary>An image: a podman image (<see cref="PodmanImage"/>) plus Compute Engine metadata.</summary>
public sealed record GceImageRecord(
    string Id, ulong Number, string Project, string Name, string? Description, string? Family, string Status,
    DateTimeOffset Created, long DiskSizeGb, string? SourceDisk, ulong? SourceDiskId, string? SourceImage, ulong? SourceImageId,
    IReadOnlyDictionary<string, string> Labels, string LabelFingerprint, GceDeprecation? Deprecated, string PodmanImage,
    IReadOnlyList<string> StorageLocations) : IStateObject<GceImageRecord>
{
    public static string Kind => "gce-image";
    string? IStateObject<GceImageRecord>.Name => Id;
    public bool IsActive => Deprecated is null || Deprecated.State == "ACTIVE";
}

public sealed record GceAttachedDisk(string Source, string DeviceName, bool Boot, bool AutoDelete, long SizeGb, int Index);

/// <summary>An instance: a container `kiln-gce-{Number}` on its own loopback address (its natIP).</summary>
public sealed record GceInstanceRecord(
    string Id, ulong Number, string Project, string Zone, string Name, string? Description, string MachineType, string Status,
    string Address, DateTimeOffset Created, IReadOnlyList<GceAttachedDisk> Disks, GceMetadata Metadata, GceTags Tags,
    IReadOnlyDictionary<string, string> Labels, string LabelFingerprint, string PodmanImage, DateTimeOffset? LastStart,
    DateTimeOffset? LastStop, bool HasExternalIp = true, string? StatusMessage = null, bool DeletionProtection = false)
    : IStateObject<GceInstanceRecord>
{
    public static string Kind => "gce-instance";
    string? IStateObject<GceInstanceRecord>.Name => Id;
    /// <summary>The machine (container, boot directory, address owner) this instance is.</summary>
    public string MachineId => MachineIdOf(Number);
    public static string MachineIdOf(ulong number) => $"gce-{number}";
}

/// <summary>A persistent disk. While attached its content is the instance's container; detached, the podman image
/// <see cref="PodmanImage"/> (committed when its instance was deleted, or tagged from its source image).</summary>
public sealed record GceDiskRecord(
    string Id, ulong Number, string Project, string Zone, string Name, string? Description, long SizeGb, string Type,
    string? SourceImage, ulong? SourceImageId, string Status, DateTimeOffset Created, IReadOnlyList<string> Users,
    IReadOnlyDictionary<string, string> Labels, string LabelFingerprint, string? PodmanImage, DateTimeOffset? LastAttach,
    DateTimeOffset? LastDetach) : IStateObject<GceDiskRecord>
{
    public static string Kind => "gce-disk";
    string? IStateObject<GceDiskRecord>.Name => Id;
}

public sealed record GceFirewallRule(string IpProtocol, IReadOnlyList<string> Ports);

public sealed record GceFirewallRecord(
    string Id, ulong Number, string Project, string Name, string? Description, string Network, int Priority, string Direction,
    IReadOnlyList<GceFirewallRule> Allowed, IReadOnlyList<GceFirewallRule> Denied, IReadOnlyList<string> SourceRanges,
    IReadOnlyList<string> DestinationRanges, IReadOnlyList<string> SourceTags, IReadOnlyList<string> TargetTags, bool Disabled,
    DateTimeOffset Created) : IStateObject<GceFirewallRecord>
{
    public static string Kind => "gce-firewall";
    string? IStateObject<GceFirewallRecord>.Name => Id;
}

public sealed record GceOperationError(string Code, string Message);

public sealed record GceOperationRecord(
    string Id, ulong Number, string Project, string? Zone, string Name, string OperationType, string TargetLink, ulong TargetId,
    string Status, DateTimeOffset Created, DateTimeOffset Started, DateTimeOffset? Ended, IReadOnlyList<GceOperationError>? Errors,
    int? HttpErrorStatusCode, string? HttpErrorMessage) : IStateObject<GceOperationRecord>
{
    public static string Kind => "gce-operation";
    string? IStateObject<GceOperationRecord>.Name => Id;
    /// <summary>The region of a regional resource's operation.</summary>
    public string? Region { get; init; }
}
