using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>The launch template a group launches from, as the group names it: `Version` is `$Latest`, `$Default` or a
/// number, resolved at each launch (so `$Latest` follows new versions, as on AWS).</summary>
public sealed record AsgLaunchTemplate(string Id, string Name, string Version);

public sealed record AsgTag(string Key, string Value, bool PropagateAtLaunch);

/// <summary>A member instance. LifecycleState: Pending → InService → Terminating (→ gone); Launched: when it joined. HealthStatus: Healthy or
/// Unhealthy. TemplateVersion: the version number it was launched from (an instance refresh replaces the others).</summary>
public sealed record AsgMember(
    string InstanceId, string LifecycleState, string HealthStatus, int TemplateVersion, string Zone,
    DateTimeOffset Launched, DateTimeOffset? InServiceAt = null, DateTimeOffset? TerminatingAt = null)
{
    public bool IsTerminating => LifecycleState == AsgStates.Terminating;
}

public static class AsgStates
{
    public const string Pending = "Pending", InService = "InService", Terminating = "Terminating";
    public const string Healthy = "Healthy", Unhealthy = "Unhealthy";
    public const string Deleting = "Delete in progress";
}

/// <summary>An Auto Scaling group; its id is its name (names are unique per account and region, as on AWS).</summary>
public sealed record AutoScalingGroupRecord(
    string Id, string Arn, AsgLaunchTemplate LaunchTemplate, int MinSize, int MaxSize, int DesiredCapacity,
    IReadOnlyList<string> TargetGroupArns, IReadOnlyList<AsgTag> Tags, string HealthCheckType, int HealthCheckGracePeriod,
    IReadOnlyList<string> Zones, DateTimeOffset Created, IReadOnlyList<AsgMember> Members, string? Status = null)
    : IStateObject<AutoScalingGroupRecord>
{
    public static string Kind => "autoscalinggroup";
    public string Name => Id;
    public bool IsDeleting => Status == AsgStates.Deleting;

    /// <summary>When each target group was attached: a target group sends new connections to the group attached
    /// most recently that has a healthy instance (a cut-over, as a listener's weighted switch does on AWS).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> AttachedAt { get; init; } = new Dictionary<string, DateTimeOffset>();
}

/// <summary>A rolling replacement of a group's instances by ones of <see cref="TargetVersion"/>.
/// Status: Pending, InProgress, Successful, Failed, Cancelled.</summary>
public sealed record InstanceRefreshRecord(
    string Id, string GroupName, string Status, string? StatusReason, int MinHealthyPercentage, int InstanceWarmup,
    int TargetVersion, int InstancesToUpdate, int Replaced, DateTimeOffset Created, DateTimeOffset? EndTime = null)
    : IStateObject<InstanceRefreshRecord>
{
    public static string Kind => "instancerefresh";
    public string Name => GroupName;
    public bool IsActive => Status is "Pending" or "InProgress";

    /// <summary>Members launched before this time are replaced whatever their version (no SkipMatching).</summary>
    public DateTimeOffset? ReplaceLaunchedBefore { get; init; }

    /// <summary>Whether a member still has to be replaced by this refresh.</summary>
    public bool IsOutdated(AsgMember m) =>
        m.TemplateVersion != TargetVersion || (ReplaceLaunchedBefore is { } t && m.Launched < t);
}
