using System.Net;
using System.Net.Sockets;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>
/// A target group at work, in the controlling process: the loopback listener, round-robin forwarding of each
/// connection to a healthy registered target, TCP health checks, and draining (a deregistered target gets no new
/// connection; the ones open finish, and only then may its instance go).
/// </summary>
internal sealed class TargetGroupRuntime : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Target> _targets = new(StringComparer.Ordinal);
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting, _checking;
    private readonly CloudServices _cloud;
    private int _next;

    public TargetGroupRuntime(TargetGroupRecord group, CloudServices cloud)
    {
        Group = group;
        _cloud = cloud;
        _listener = new TcpListener(IPEndPoint.Parse(group.Listen));
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(512);
        _accepting = Task.Run(AcceptLoopAsync);
        _checking = Task.Run(HealthLoopAsync);
        cloud.Trace($"local-cloud: target group {group.Name} listens on {group.Listen} → targets' port {group.Port}");
    }

    public TargetGroupRecord Group { get; set; }

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
            // Draining ends when the last open connection closes, or after the deregistration delay.
            foreach (var t in _targets.Values.Where(t => !t.Registered && (t.InFlight == 0 || now - t.DrainingSince > TimeSpan.FromSeconds(Group.DeregistrationDelaySeconds))).ToList())
                _targets.Remove(t.InstanceId);
        }
    }

    /// <summary>False while the instance is a target here (registered, or draining with connections open).</summary>
    public bool Releases(string instanceId)
    {
        lock (_gate) return !_targets.ContainsKey(instanceId);
    }

    public string? StateOf(string instanceId)
    {
        lock (_gate) return _targets.TryGetValue(instanceId, out var t) ? (t.Registered ? t.State : "draining") : null;
    }

    public IReadOnlyList<TargetHealthEntry> Health()
    {
        lock (_gate) return _targets.Values.Select(t => t.Entry(Group.Port)).OrderBy(e => e.InstanceId, StringComparer.Ordinal).ToList();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    /// <summary>Connects to a healthy target, trying the next one if a connect fails (nothing has been sent yet, so a
    /// retry is safe); with no healthy target, waits a few seconds for one before closing the connection.</summary>
    private async Task ForwardAsync(Socket client)
    {
        using var _ = client;
        client.NoDelay = true;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!_stop.IsCancellationRequested && DateTime.UtcNow < deadline)
        {
            var target = Acquire();
            if (target is null)
            {
                await Task.Delay(50, _stop.Token).ConfigureAwait(false);
                continue;
            }
            try
            {
                using var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    connect.CancelAfter(TimeSpan.FromSeconds(2));
                    try { await backend.ConnectAsync(IPAddress.Parse(target.Address), Group.Port, connect.Token); }
                    catch (Exception e) when (e is SocketException or OperationCanceledException && !_stop.IsCancellationRequested)
                    {
                        MarkFailed(target);
                        continue;
                    }
                }
                await PumpAsync(client, backend);
                return;
            }
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
            // Only the newest attached group that has a healthy target serves: a blue/green switch is a cut-over,
            // so a client never sees the new version and then the old one again.
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
            t.Failures = Math.Max(t.Failures + 1, Group.HealthCheck.UnhealthyThreshold);
            if (t.State == "healthy") { t.State = "unhealthy"; t.Reason = "Target.FailedHealthChecks"; }
        }
    }

    private async Task HealthLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            List<Target> targets;
            lock (_gate) targets = _targets.Values.Where(t => t.Registered).ToList();
            await Task.WhenAll(targets.Select(CheckAsync));
            try { await Task.Delay(TimeSpan.FromSeconds(Group.HealthCheck.IntervalSeconds), _cloud.Clock, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task CheckAsync(Target t)
    {
        var ok = false;
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(Group.HealthCheck.TimeoutSeconds));
            await probe.ConnectAsync(IPAddress.Parse(t.Address), Group.HealthPort, timeout.Token);
            ok = true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException) { }
        lock (_gate)
        {
            if (ok) { t.Successes++; t.Failures = 0; } else { t.Failures++; t.Successes = 0; }
            if (ok && t.State != "healthy" && t.Successes >= Group.HealthCheck.HealthyThreshold) { t.State = "healthy"; t.Reason = null; }
            if (!ok && t.State != "unhealthy" && t.Failures >= Group.HealthCheck.UnhealthyThreshold)
            {
                t.Reason = t.State == "initial" ? "Target.Timeout" : "Target.FailedHealthChecks";
                t.State = "unhealthy";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await Task.WhenAll(_accepting, _checking); } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
