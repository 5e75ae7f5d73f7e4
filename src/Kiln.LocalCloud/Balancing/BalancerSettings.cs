namespace Kiln.LocalCloud.Balancing;

/// <summary>
/// How a balancer checks and uses its targets. Protocol TCP: a connect to <see cref="HealthPort"/> is healthy;
/// HTTP: a GET of <see cref="Path"/> answered 200 (Compute Engine's HTTP health check; ELBv2's default matcher).
/// Draining: a target that left the set keeps its open connections until they close or
/// <see cref="DrainSeconds"/> pass.
/// </summary>
public sealed record BalancerSettings(
    string Name, int TargetPort, int HealthPort, string Protocol, string? Path, int IntervalSeconds, int TimeoutSeconds,
    int HealthyThreshold, int UnhealthyThreshold, int DrainSeconds);
