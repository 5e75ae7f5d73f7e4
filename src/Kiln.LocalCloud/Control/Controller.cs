using Kiln.LocalCloud.AutoScaling;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Gce.Balancing;
using Kiln.LocalCloud.Gce.InstanceGroupManagers;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Control;

/// <summary>
/// The background loop of an endpoint process: while it holds the <see cref="ControlLease"/>, it reconciles Auto
/// Scaling groups and Compute Engine managed instance groups, and runs the target groups', backend services' and
/// forwarding rules' listeners and health checks (every <see cref="Tick"/>). A process
/// that loses the lease stops its listeners; another takes over within the lease's TTL.
/// </summary>
public sealed class Controller : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly CloudServices _cloud;
    private readonly ControlLease _lease;
    private readonly LoadBalancers _balancers;
    private readonly GroupReconciler _groups;
    private readonly GceBalancers _gceBalancers;
    private readonly MigReconciler _migs;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Controller(CloudServices cloud)
    {
        _cloud = cloud;
        _lease = new ControlLease(cloud.State, cloud.Clock);
        _balancers = new LoadBalancers(cloud);
        _groups = new GroupReconciler(cloud, _balancers);
        _gceBalancers = new GceBalancers(cloud);
        _migs = new MigReconciler(cloud, _gceBalancers);
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var leading = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Nothing to run: no lease write, no podman call (every endpoint process runs this loop).
                var idle = _cloud.State.Read(tx => tx.Count<AutoScalingGroupRecord>() + tx.Count<TargetGroupRecord>()
                    + tx.Count<GceInstanceGroupManagerRecord>() + tx.Count<GceBackendServiceRecord>()) == 0;
                if (idle)
                {
                    if (leading) { leading = false; await StopAllAsync(); _lease.Release(); }
                }
                else if (_lease.TryHold())
                {
                    if (!leading) _cloud.Trace("local-cloud: this process now runs Auto Scaling groups and target groups");
                    leading = true;
                    var listedAt = _cloud.Now;
                    var containers = await _cloud.Podman.ListContainersAsync($"kiln.home={_cloud.Layout.HomeHash}", _stop.Token);
                    await _groups.TickAsync(containers, _stop.Token);
                    await _balancers.SyncAsync(_stop.Token);
                    await _migs.TickAsync(containers, listedAt, _stop.Token);
                    await _gceBalancers.SyncAsync(_stop.Token);
                }
                else if (leading)
                {
                    leading = false;
                    await StopAllAsync();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The loop must outlive any one failure (a podman hiccup, a locked database): log and go on.
                _cloud.Trace($"local-cloud: controller tick failed: {e.Message}");
            }
            try { await Task.Delay(Tick, _cloud.Clock, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task StopAllAsync()
    {
        await _balancers.DisposeAsync();
        await _gceBalancers.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (Exception) { /* stopping */ }
        await StopAllAsync();
        try { _lease.Release(); } catch (Exception) { /* the lease expires by itself */ }
        _stop.Dispose();
    }
}
