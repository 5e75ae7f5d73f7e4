using Kiln.Core;

namespace Kiln.Aws.AutoScaling;

/// <summary>A launch template by id or name, and which version (`$Latest`, `$Default` or a number).</summary>
public sealed record LaunchTemplateRef(string? Id, string? Name, string? Version = "$Latest")
{
    public static LaunchTemplateRef ById(LaunchTemplateId id, string version = "$Latest") => new(id.Value, null, version);
    public static LaunchTemplateRef ByName(string name, string version = "$Latest") => new(null, name, version);
    public override string ToString() => $"{Id ?? Name} version {Version ?? "$Default"}";
}

public sealed record AsgTag(string Key, string Value, bool PropagateAtLaunch = true);

public sealed record CreateAutoScalingGroupRequest(string Name, LaunchTemplateRef LaunchTemplate, int MinSize, int MaxSize)
{
    public int? DesiredCapacity { get; init; }
    public IReadOnlyList<string> TargetGroupArns { get; init; } = [];
    public IReadOnlyList<AsgTag> Tags { get; init; } = [];
    /// <summary>Comma-separated subnet ids, as the API takes them.</summary>
    public string? VpcZoneIdentifier { get; init; }
    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];
    /// <summary>`EC2` or `ELB`.</summary>
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
}

/// <summary>Only what is set changes.</summary>
public sealed record UpdateAutoScalingGroupRequest(string Name)
{
    public LaunchTemplateRef? LaunchTemplate { get; init; }
    public int? MinSize { get; init; }
    public int? MaxSize { get; init; }
    public int? DesiredCapacity { get; init; }
    public string? VpcZoneIdentifier { get; init; }
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
}

public sealed record AutoScalingGroup(
    string Name, string? Arn, LaunchTemplateRef? LaunchTemplate, string? LaunchConfigurationName,
    int MinSize, int MaxSize, int DesiredCapacity, IReadOnlyList<AsgInstance> Instances,
    IReadOnlyList<string> TargetGroupArns, IReadOnlyList<AsgTag> Tags, string? HealthCheckType,
    int? HealthCheckGracePeriod, string? VpcZoneIdentifier, string? Status, DateTimeOffset? Created,
    LaunchTemplateRef? MixedInstancesLaunchTemplate = null);

/// <summary>A member instance: LifecycleState `Pending`, `InService`, `Terminating`, …; HealthStatus `Healthy`/`Unhealthy`.</summary>
public sealed record AsgInstance(
    InstanceId Id, string LifecycleState, string HealthStatus, LaunchTemplateRef? LaunchTemplate,
    string? LaunchConfigurationName, string? AvailabilityZone, bool ProtectedFromScaleIn);

public sealed record InstanceRefreshPreferences(int? MinHealthyPercentage = null, int? InstanceWarmup = null)
{
    public bool? SkipMatching { get; init; }
}

/// <summary>Status: `Pending`, `InProgress`, `Successful`, `Failed`, `Cancelling`, `Cancelled`, …</summary>
public sealed record InstanceRefresh(
    string Id, string GroupName, string Status, string? StatusReason, int? PercentageComplete,
    int? InstancesToUpdate, DateTimeOffset? StartTime, DateTimeOffset? EndTime);

public sealed record LaunchConfiguration(string Name, ImageId Image);
