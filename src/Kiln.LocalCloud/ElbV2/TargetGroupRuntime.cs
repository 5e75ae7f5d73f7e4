using Kiln.LocalCloud.Balancing;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>A target group at work, in the controlling process: its balancer (health checks, forwarding, draining)
/// behind its loopback listener.</summary>
internal sealed class TargetGroupRuntime : IAsyncDisposable
{
    private readonly TcpBalancer _balancer;
    private readonly LoopbackListener _listener;
    private TargetGroupRecord _group;

    public TargetGroupRuntime(TargetGroupRecord group, CloudServices cloud)
    {
        _group = group;
        _balancer = new TcpBalancer(SettingsOf(group), cloud.Clock);
        try { _listener = new LoopbackListener(group.Listen, _balancer); }
        catch
        {
            _balancer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        cloud.Trace($"local-cloud: target group {group.Name} listens on {group.Listen} → targets' port {group.Port}");
    }

    public TargetGroupRecord Group
    {
        get => _group;
        set { _group = value; _balancer.Settings = SettingsOf(value); }
    }

    /// <summary>The target group's checks are TCP connects whatever HealthCheckProtocol says (the local cloud's
    /// documented simplification on the AWS side).</summary>
    private static BalancerSettings SettingsOf(TargetGroupRecord g) => new(g.Name, g.Port, g.HealthPort, "TCP", null,
        g.HealthCheck.IntervalSeconds, g.HealthCheck.TimeoutSeconds, g.HealthCheck.HealthyThreshold, g.HealthCheck.UnhealthyThreshold,
        g.DeregistrationDelaySeconds);

    public void SetRegistered(IReadOnlyList<RegisteredTarget> registered, DateTimeOffset now) => _balancer.SetRegistered(registered, now);

    public bool Releases(string instanceId) => _balancer.Releases(instanceId);

    public string? StateOf(string instanceId) => _balancer.StateOf(instanceId);

    public IReadOnlyList<TargetHealthEntry> Health() => _balancer.Health();

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _balancer.DisposeAsync();
    }
}
