using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>How targets are checked: a TCP connect to the target's port (the traffic port unless another is given).
/// Local defaults are short (1 s interval, 2 successes, 2 failures) so a deploy here waits seconds, not minutes.</summary>
public sealed record HealthCheckSettings(
    string Protocol, string Port, string? Path, int IntervalSeconds, int TimeoutSeconds, int HealthyThreshold, int UnhealthyThreshold);

/// <summary>A target group: a loopback TCP listener (<see cref="Listen"/>, `127.0.0.1:PORT`) that forwards each
/// connection to a healthy registered target on <see cref="Port"/>. Its id is its ARN.</summary>
public sealed record TargetGroupRecord(
    string Id, string Name, string Protocol, int Port, string VpcId, string TargetType, HealthCheckSettings HealthCheck,
    string Listen, int DeregistrationDelaySeconds, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Created)
    : IStateObject<TargetGroupRecord>
{
    public static string Kind => "targetgroup";
    public int HealthPort => HealthCheck.Port == "traffic-port" ? Port : int.Parse(HealthCheck.Port, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A target as DescribeTargetHealth reports it. State: initial, healthy, unhealthy, draining.</summary>
/// <summary>Cohort: when the target's group was attached; a state is only valid for that registration.</summary>
public sealed record TargetHealthEntry(string InstanceId, int Port, string State, string? Reason, string? Description,
    DateTimeOffset? Cohort = null);

/// <summary>The health of a target group's targets, written by the process that runs the checks, so that every
/// endpoint process over this state answers DescribeTargetHealth alike. Id: the target group's ARN.</summary>
public sealed record TargetHealthRecord(string Id, IReadOnlyList<TargetHealthEntry> Targets, DateTimeOffset Created)
    : IStateObject<TargetHealthRecord>
{
    public static string Kind => "targethealth";
    public string? Name => null;
}
