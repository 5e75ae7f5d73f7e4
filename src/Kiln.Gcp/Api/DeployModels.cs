using System.Text.Json.Serialization;

namespace Kiln.Gcp.Api;

// The Compute Engine v1 resources of a deploy (instance templates, managed instance groups, health checks, regional
// backend services, forwarding rules), with the fields Kiln uses, named as in Google's REST reference.

/// <summary>`InstanceTemplate.properties`: the instances a managed instance group makes from the template.</summary>
public sealed record InstanceProperties
{
    public string? MachineType { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Metadata? Metadata { get; init; }
    public NetworkTags? Tags { get; init; }
    public List<AttachedDisk>? Disks { get; init; }
    public List<NetworkInterface>? NetworkInterfaces { get; init; }
}

public sealed record InstanceTemplate
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public InstanceProperties? Properties { get; init; }
    public string? SelfLink { get; init; }
}

/// <summary>A fixed number or a percentage of a group (`{"fixed": 1}`, `{"percent": 20}`); Google answers with both
/// and `calculated`.</summary>
public sealed record FixedOrPercent(int? Fixed = null, int? Percent = null)
{
    public int? Calculated { get; init; }
}

public sealed record ManagedInstanceGroupVersion(string? Name, string? InstanceTemplate, FixedOrPercent? TargetSize = null);

public sealed record AutoHealingPolicy(string HealthCheck, int InitialDelaySec);

/// <summary>PROACTIVE: the group replaces instances itself, within maxSurge and maxUnavailable.</summary>
public sealed record UpdatePolicy(string Type, string? MinimalAction, FixedOrPercent? MaxSurge, FixedOrPercent? MaxUnavailable,
    string? ReplacementMethod = null);

public sealed record VersionTarget(bool? IsReached);

public sealed record GroupManagerStatus(bool? IsStable, VersionTarget? VersionTarget);

public sealed record InstanceGroupManager
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? BaseInstanceName { get; init; }
    public string? InstanceTemplate { get; init; }
    public List<ManagedInstanceGroupVersion>? Versions { get; init; }
    public int? TargetSize { get; init; }
    public List<AutoHealingPolicy>? AutoHealingPolicies { get; init; }
    public UpdatePolicy? UpdatePolicy { get; init; }
    public GroupManagerStatus? Status { get; init; }
    /// <summary>The instance group the manager keeps (what a backend service names as a backend).</summary>
    public string? InstanceGroup { get; init; }
    public string? Zone { get; init; }
    public string? SelfLink { get; init; }
}

/// <summary>The body of `instanceGroupManagers.patch`: only the fields that change.</summary>
public sealed record GroupManagerPatch(List<ManagedInstanceGroupVersion> Versions, UpdatePolicy? UpdatePolicy);

public sealed record ManagedInstanceVersion(string? InstanceTemplate, string? Name);

public sealed record ManagedInstance(string? Instance, string? InstanceStatus, string? CurrentAction, ManagedInstanceVersion? Version);

public sealed record ManagedInstancesPage(List<ManagedInstance>? ManagedInstances, string? NextPageToken);

public sealed record TcpHealthCheck(int Port);

public sealed record HealthCheck
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Type { get; init; }
    public TcpHealthCheck? TcpHealthCheck { get; init; }
    public int? CheckIntervalSec { get; init; }
    public int? TimeoutSec { get; init; }
    public int? HealthyThreshold { get; init; }
    public int? UnhealthyThreshold { get; init; }
    public string? SelfLink { get; init; }
}

public sealed record Backend(string Group, string? BalancingMode = "CONNECTION");

public sealed record ConnectionDraining(int DrainingTimeoutSec);

/// <summary>A regional backend service of an external passthrough Network Load Balancer (protocol TCP).</summary>
public sealed record BackendService
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Protocol { get; init; }
    public string? LoadBalancingScheme { get; init; }
    public List<string>? HealthChecks { get; init; }
    public List<Backend>? Backends { get; init; }
    public ConnectionDraining? ConnectionDraining { get; init; }
    public string? Fingerprint { get; init; }
    public string? Region { get; init; }
    public string? SelfLink { get; init; }
}

/// <summary>The body of `backendServices.patch`: what changes, with the fingerprint read (a stale one is refused).</summary>
public sealed record BackendServicePatch(string? Fingerprint, List<Backend>? Backends = null, string? Description = null);

public sealed record ResourceGroupReference(string Group);

public sealed record HealthStatus(string? Instance, string? IpAddress, int? Port, string? HealthState);

public sealed record BackendServiceGroupHealth(List<HealthStatus>? HealthStatus);

public sealed record ForwardingRule
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    [JsonPropertyName("IPAddress")] public string? IpAddress { get; init; }
    [JsonPropertyName("IPProtocol")] public string? IpProtocol { get; init; }
    public string? PortRange { get; init; }
    public string? BackendService { get; init; }
    public string? LoadBalancingScheme { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public string? Region { get; init; }
    public string? SelfLink { get; init; }
}
