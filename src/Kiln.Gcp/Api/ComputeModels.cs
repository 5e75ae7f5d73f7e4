using System.Text.Json.Serialization;

namespace Kiln.Gcp.Api;

// The Compute Engine v1 resources Kiln reads and writes, with the fields it uses (names as in Google's REST
// reference). 64-bit numbers travel as JSON strings, as Google sends them.

public sealed record Operation(string Name, string? Status, string? Zone, string? TargetLink, string? OperationType,
    OperationError? Error, string? HttpErrorMessage, int? HttpErrorStatusCode)
{
    /// <summary>Set on a regional operation (backend services, forwarding rules).</summary>
    public string? Region { get; init; }
}

public sealed record OperationError(List<ErrorItem>? Errors);

public sealed record ErrorItem(string? Code, string? Reason, string? Message);

public sealed record ErrorBody(ErrorDetail? Error);

public sealed record ErrorDetail(int Code, string? Message, List<ErrorItem>? Errors, string? Status);

public sealed record DeprecationStatus(string? State, string? Replacement);

public sealed record Image
{
    public required string Name { get; init; }
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string? Family { get; init; }
    public string? CreationTimestamp { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? LabelFingerprint { get; init; }
    public DeprecationStatus? Deprecated { get; init; }
    public string? SourceDisk { get; init; }
    public string? SourceImage { get; init; }
    public List<string>? StorageLocations { get; init; }
    public string? SelfLink { get; init; }
}

public sealed record MetadataItem(string Key, string? Value);

public sealed record Metadata(string? Fingerprint, List<MetadataItem>? Items);

public sealed record NetworkTags(List<string>? Items, string? Fingerprint);

public sealed record AttachedDiskInitializeParams(string? DiskName, string? SourceImage, string? DiskSizeGb, string? DiskType,
    Dictionary<string, string>? Labels);

public sealed record AttachedDisk(bool? Boot, bool? AutoDelete, string? Source, AttachedDiskInitializeParams? InitializeParams,
    string? Type = "PERSISTENT", string? Mode = "READ_WRITE");

public sealed record AccessConfig(string? Name, string? Type, string? NatIP);

public sealed record NetworkInterface(string? Network, string? Subnetwork, string? NetworkIP, List<AccessConfig>? AccessConfigs);

public sealed record Scheduling(bool? Preemptible, bool? AutomaticRestart, string? OnHostMaintenance);

public sealed record ServiceAccount(string Email, List<string> Scopes);

public sealed record Instance
{
    public required string Name { get; init; }
    public string? Id { get; init; }
    public string? Status { get; init; }
    public string? StatusMessage { get; init; }
    public string? MachineType { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? LabelFingerprint { get; init; }
    public Metadata? Metadata { get; init; }
    public NetworkTags? Tags { get; init; }
    public List<AttachedDisk>? Disks { get; init; }
    public List<NetworkInterface>? NetworkInterfaces { get; init; }
    public Scheduling? Scheduling { get; init; }
    public List<ServiceAccount>? ServiceAccounts { get; init; }
    public string? Zone { get; init; }
}

public sealed record Disk
{
    public required string Name { get; init; }
    public string? Status { get; init; }
    public string? SourceImage { get; init; }
    public List<string>? Users { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? Zone { get; init; }
}

public sealed record FirewallAllowed([property: JsonPropertyName("IPProtocol")] string IpProtocol, List<string>? Ports);

/// <summary>Firewall rules take no labels: Kiln marks its own by name (the run id) and description.</summary>
public sealed record Firewall
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Network { get; init; }
    public string? Direction { get; init; }
    public int? Priority { get; init; }
    public List<FirewallAllowed>? Allowed { get; init; }
    public List<string>? SourceRanges { get; init; }
    public List<string>? TargetTags { get; init; }
}

public sealed record Zone(string Name, string? Status, string? Region);

public sealed record MachineType(string Name, int? GuestCpus, int? MemoryMb);

public sealed record Project(string Name, Metadata? CommonInstanceMetadata);

public sealed record ListPage<T>(List<T>? Items, string? NextPageToken);

public sealed record LabelsRequest(Dictionary<string, string> Labels, string? LabelFingerprint);
