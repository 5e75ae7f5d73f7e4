using Kiln.LocalCloud.Balancing;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.Balancing;

/// <summary>
/// Compute Engine's load balancing at work in the controlling process, on the balancers the ELBv2 side uses: one per
/// backend service (its groups' serving instances, its health check, connection draining), one per group with an
/// autohealing policy (probing only), and a loopback listener per forwarding rule port, handing connections to its
/// backend service's balancer. Health goes to the state for getHealth and listManagedInstances.
/// </summary>
public sealed class GceBalancers(CloudServices cloud) : IAsyncDisposable
{
    private readonly Dictionary<string, TcpBalancer> _balancers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoopbackListener> _listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetHealthEntry>> _written = new(StringComparer.Ordinal);

    /// <summary>Instances that take traffic and are probed: made and not on their way out.</summary>
    public static bool Serves(GceManagedInstance m) => m.Action is "NONE" or "VERIFYING";

    public async Task SyncAsync(CancellationToken ct)
    {
        var now = cloud.Now;
        var (wanted, rules) = cloud.State.Read(tx => (GceBalancerPlan.Balancers(tx), tx.All<GceForwardingRuleRecord>()));
        foreach (var gone in _balancers.Keys.Except(wanted.Select(w => w.Key)).ToList())
        {
            await _balancers[gone].DisposeAsync();
            _balancers.Remove(gone);
            _written.Remove(gone);
            cloud.State.Write(tx => tx.Delete<TargetHealthRecord>(gone));
        }
        foreach (var w in wanted)
        {
            ct.ThrowIfCancellationRequested();
            if (!_balancers.TryGetValue(w.Key, out var b)) _balancers[w.Key] = b = new TcpBalancer(w.Settings, cloud.Clock);
            b.Settings = w.Settings;
            b.SetRegistered(w.Targets, now);
            WriteHealth(w.Key, b.Health());
        }
        var listens = rules.SelectMany(r => r.Ports.Select(p => (Key: $"{r.Id}:{p}", Listen: $"{r.IpAddress}:{p}", Port: p, r.BackendService, r.Name)))
            .Where(l => _balancers.ContainsKey(l.BackendService)).ToList();
        foreach (var gone in _listeners.Keys.Except(listens.Select(l => l.Key)).ToList())
        {
            await _listeners[gone].DisposeAsync();
            _listeners.Remove(gone);
        }
        foreach (var l in listens)
        {
            if (_listeners.TryGetValue(l.Key, out var listener)) { listener.Balancer = _balancers[l.BackendService]; continue; }
            try
            {
                _listeners[l.Key] = new LoopbackListener(l.Listen, _balancers[l.BackendService]) { TargetPort = l.Port };
                cloud.Trace($"local-cloud: forwarding rule {l.Name} listens on {l.Listen}");
            }
            catch (System.Net.Sockets.SocketException e)
            {
                cloud.Trace($"local-cloud: forwarding rule {l.Name} cannot listen on {l.Listen}: {e.Message}");
            }
        }
    }

    /// <summary>The autohealing verdict on a group's instance: `healthy`, `unhealthy`, `initial`, or null.</summary>
    public string? AutohealingState(string groupPath, string instancePath) =>
        _balancers.TryGetValue(GceHealth.AutohealingKey(groupPath), out var b) ? b.StateOf(instancePath) : null;

    /// <summary>True when no backend service holds the instance (registered, or draining with connections open).</summary>
    public bool Releases(string instancePath) => _balancers.Values.All(b => b.Releases(instancePath));

    private void WriteHealth(string key, IReadOnlyList<TargetHealthEntry> health)
    {
        if (_written.TryGetValue(key, out var last) && last.SequenceEqual(health)) return;
        // Only while its backend service or group exists: a row written after its delete would outlive it.
        cloud.State.Write(tx =>
        {
            if (GceBalancerPlan.Exists(tx, key)) tx.Put(new TargetHealthRecord(key, health, cloud.Now));
        });
        _written[key] = health;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var l in _listeners.Values) await l.DisposeAsync();
        foreach (var b in _balancers.Values) await b.DisposeAsync();
        _listeners.Clear();
        _balancers.Clear();
        _written.Clear();
    }
}
