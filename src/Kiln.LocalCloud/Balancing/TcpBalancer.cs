using System.Net;
using System.Net.Sockets;
using Kiln.LocalCloud.ElbV2;

namespace Kiln.LocalCloud.Balancing;

/// <summary>
/// A set of targets at work, in the controlling process: health checks with their interval and thresholds,
/// round-robin forwarding of each connection handed to it to a healthy target, and draining (a target that left the
/// set gets no new connection; the ones open finish, and only then may its instance go). An ELBv2 target group and a
/// Compute Engine backend service are each one; listeners (<see cref="LoopbackListener"/>) hand it connections.
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Target> _targets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _checking;
    private readonly TimeProvider _clock;
    private int _next;

    public TcpBalancer(BalancerSettings settings, TimeProvider clock)
    {
        Settings = settings;
        _clock = clock;
        _checking = Task.Run(HealthLoopAsync);
    }

    public BalancerSettings Settings { get; set; }

    /// <summary>Makes the registered set what the state says; targets that left it start draining.</summary>
    public void SetRegistered(IReadOnlyList<RegisteredTarget> registered, DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var r in registered)
            {
                if (_targets.TryGetValue(r.InstanceId, out var t))
                {
                    t.Address = r.Address;
                    // Registered again (also detached and attached between two syncs): health is checked anew.
                    if (!t.Registered || t.Cohort != r.Cohort)
                    {
                        t.Registered = true; t.DrainingSince = null; t.State = "initial"; t.Successes = t.Failures = 0;
                        t.Reason = "Elb.RegistrationInProgress";
                    }
                    t.Cohort = r.Cohort;
                }
                else _targets[r.InstanceId] = new Target(r.InstanceId, r.Address, now, r.Cohort);
            }
            var ids = registered.Select(r => r.InstanceId).ToHashSet(StringComparer.Ordinal);
            foreach (var t in _targets.Values.Where(t => t.Registered && !ids.Contains(t.InstanceId)))
            {
                t.Registered = false;
                t.DrainingSince = now;
            }
            // Draining ends when the last open connection closes, or after the drain time.
            foreach (var t in _targets.Values.Where(t => !t.Registered && (t.InFlight == 0 || now - t.DrainingSince > TimeSpan.FromSeconds(Settings.DrainSeconds))).ToList())
                _targets.Remove(t.InstanceId);
        }
    }

    /// <summary>False while the instance is a target here (registered, or draining with connections open).</summary>
    public bool Releases(string instanceId)
    {
        lock (_gate) return !_targets.ContainsKey(instanceId);
    }

    /// <summary>`healthy`, `initial`, `unhealthy`, `draining`, or null when the instance is no target here.</summary>
    public string? StateOf(string instanceId)
    {
        lock (_gate) return _targets.TryGetValue(instanceId, out var t) ? (t.Registered ? t.State : "draining") : null;
    }

    public IReadOnlyList<TargetHealthEntry> Health()
    {
        lock (_gate) return _targets.Values.Select(t => t.Entry(Settings.TargetPort)).OrderBy(e => e.InstanceId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Connects a client to a healthy target, trying the next one if a connect fails (nothing has been sent
    /// yet, so a retry is safe); with no healthy target, waits a few seconds for one before closing the connection.</summary>
    public async Task ForwardAsync(Socket client, int? port = null)
    {
        using var _ = client;
        client.NoDelay = true;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            var target = Acquire();
            if (target is null)
            {
                try { await Task.Delay(50, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            try
            {
                using var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    connect.CancelAfter(TimeSpan.FromSeconds(2));
                    try { await backend.ConnectAsync(IPAddress.Parse(target.Address), port ?? Settings.TargetPort, connect.Token); }
                    catch (Exception e) when (e is SocketException or OperationCanceledException && !_stop.IsCancellationRequested)
                    {
                        MarkFailed(target);
                        continue;
                    }
                }
                await PumpAsync(client, backend);
                return;
            }
            catch (OperationCanceledException) { return; }
            finally { Release(target); }
        }
    }

    private static async Task PumpAsync(Socket client, Socket backend)
    {
        async Task CopyAsync(Socket from, Socket to)
        {
            var buffer = new byte[16384];
            try
            {
                int n;
                while ((n = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0) await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                to.Shutdown(SocketShutdown.Send); // pass the half-close on: an HTTP/1.0 client may wait for it
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                try { to.Shutdown(SocketShutdown.Both); } catch (Exception x) when (x is SocketException or ObjectDisposedException) { }
            }
        }
        await Task.WhenAll(CopyAsync(client, backend), CopyAsync(backend, client));
    }

    private Target? Acquire()
    {
        lock (_gate)
        {
            var healthy = _targets.Values.Where(t => t.Serves).ToList();
            if (healthy.Count == 0) return null;
            // Only the newest cohort that has a healthy target serves: a blue/green switch is a cut-over, so a client
            // never sees the new version and then the old one again.
            var cohort = healthy.Max(t => t.Cohort);
            var serving = healthy.Where(t => t.Cohort == cohort).OrderBy(t => t.InstanceId, StringComparer.Ordinal).ToList();
            var t = serving[(int)((uint)_next++ % (uint)serving.Count)];
            t.InFlight++;
            return t;
        }
    }

    private void Release(Target t)
    {
        lock (_gate) t.InFlight--;
    }

    /// <summary>A refused forward counts as a failed health check, so a dead target leaves rotation at once.</summary>
    private void MarkFailed(Target t)
    {
        lock (_gate)
        {
            t.Successes = 0;
            t.Failures = Math.Max(t.Failures + 1, Settings.UnhealthyThreshold);
            if (t.State == "healthy") { t.State = "unhealthy"; t.Reason = "Target.FailedHealthChecks"; }
        }
    }

    private async Task HealthLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            List<Target> targets;
            lock (_gate) targets = _targets.Values.Where(t => t.Registered).ToList();
            try
            {
                await Task.WhenAll(targets.Select(CheckAsync));
                await Task.Delay(TimeSpan.FromSeconds(Settings.IntervalSeconds), _clock, _stop.Token);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task CheckAsync(Target t)
    {
        var settings = Settings;
        var ok = await HealthProbe.ProbeAsync(settings, t.Address, _stop.Token);
        lock (_gate)
        {
            if (ok) { t.Successes++; t.Failures = 0; } else { t.Failures++; t.Successes = 0; }
            if (ok && t.State != "healthy" && t.Successes >= settings.HealthyThreshold) { t.State = "healthy"; t.Reason = null; }
            if (!ok && t.State != "unhealthy" && t.Failures >= settings.UnhealthyThreshold)
            {
                t.Reason = t.State == "initial" ? "Target.Timeout" : "Target.FailedHealthChecks";
                t.State = "unhealthy";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _checking; } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
