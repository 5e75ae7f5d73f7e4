using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>Every target group's runtime in the controlling process: started for new groups, stopped for deleted
/// ones, told its registered targets each tick; their health is written to the state for DescribeTargetHealth.</summary>
public sealed class LoadBalancers(CloudServices cloud) : IAsyncDisposable
{
    private readonly Dictionary<string, TargetGroupRuntime> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetHealthEntry>> _written = new(StringComparer.Ordinal);

    public async Task SyncAsync(CancellationToken ct)
    {
        var now = cloud.Now;
        var (groups, registered) = cloud.State.Read(tx =>
        {
            var all = tx.All<TargetGroupRecord>();
            return (all, all.ToDictionary(g => g.Id, g => TargetRegistry.Registered(tx, g.Id)));
        });
        foreach (var gone in _running.Keys.Except(groups.Select(g => g.Id)).ToList())
        {
            await _running[gone].DisposeAsync();
            _running.Remove(gone);
            _written.Remove(gone);
        }
        foreach (var g in groups)
        {
            ct.ThrowIfCancellationRequested();
            if (!_running.TryGetValue(g.Id, out var runtime))
            {
                try { _running[g.Id] = runtime = new TargetGroupRuntime(g, cloud); }
                catch (System.Net.Sockets.SocketException e)
                {
                    cloud.Trace($"local-cloud: target group {g.Name} cannot listen on {g.Listen}: {e.Message}");
                    continue;
                }
            }
            runtime.Group = g;
            runtime.SetRegistered(registered[g.Id], now);
            WriteHealth(g.Id, runtime.Health());
        }
    }

    /// <summary>True when no target group holds the instance as a target (registered, or draining with connections
    /// open): then it may be terminated without cutting a connection.</summary>
    public bool Releases(string instanceId) => _running.Values.All(r => r.Releases(instanceId));

    /// <summary>`healthy`, `initial`, `unhealthy`, `draining`, or null when the group does not hold the instance.</summary>
    public string? StateOf(string targetGroupArn, string instanceId) =>
        _running.TryGetValue(targetGroupArn, out var r) ? r.StateOf(instanceId) : null;

    private void WriteHealth(string arn, IReadOnlyList<TargetHealthEntry> health)
    {
        if (_written.TryGetValue(arn, out var last) && last.SequenceEqual(health)) return;
        cloud.State.Write(tx =>
        {
            if (tx.Get<TargetGroupRecord>(arn) is not null) tx.Put(new TargetHealthRecord(arn, health, cloud.Now));
        });
        _written[arn] = health;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _running.Values) await r.DisposeAsync();
        _running.Clear();
        _written.Clear();
    }
}
