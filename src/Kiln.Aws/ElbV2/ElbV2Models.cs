namespace Kiln.Aws.ElbV2;

public sealed record CreateTargetGroupRequest(string Name, string Protocol, int Port)
{
    public string? VpcId { get; init; }
    /// <summary>`instance` (default), `ip`, `lambda`, `alb`.</summary>
    public string? TargetType { get; init; }
    public string? HealthCheckProtocol { get; init; }
    public string? HealthCheckPath { get; init; }
    public string? HealthCheckPort { get; init; }
    public int? HealthCheckIntervalSeconds { get; init; }
    public int? HealthyThresholdCount { get; init; }
    public int? UnhealthyThresholdCount { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

public sealed record TargetGroup(
    string Arn, string Name, string? Protocol, int? Port, string? VpcId, string? TargetType,
    string? HealthCheckPath, IReadOnlyList<string> LoadBalancerArns);

/// <summary>State: `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`.</summary>
public sealed record TargetHealth(string Id, int? Port, string State, string? Reason, string? Description)
{
    public bool IsHealthy => State == "healthy";
}
