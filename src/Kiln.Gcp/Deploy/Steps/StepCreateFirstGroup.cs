using System.Globalization;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the create options, the template. Produces: the health check `LB` (TCP on the instances' port), the
/// firewall rule opening that port to the deploy's network tag, and the group `GROUP` of the capacity, autohealed by
/// the health check, updated PROACTIVE with maxUnavailable 0. Cleanup on failure: each of them this run made.</summary>
public sealed class StepCreateFirstGroup(GceDeployContext c) : IStep<GceDeployState>
{
    /// <summary>Before autohealing judges a new instance: its startup script has to install and start the service.</summary>
    public const int InitialDelaySec = 60;
    private bool _check, _firewall, _group;

    public string Name => "create-group";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var o = r.Create!;
        var f = c.Fleet;
        if (await f.Api.GetHealthCheckAsync(f.Project, o.TargetGroup, ct) is null)
        {
            await c.Ledger.CreatedAsync(ResourceKind.HealthCheck, o.TargetGroup);
            _check = true;
            await f.Api.InsertHealthCheckAsync(f.Project, new HealthCheck
            {
                Name = o.TargetGroup, Description = $"kiln {r.Run}: {r.Group}", Type = "TCP", TcpHealthCheck = new TcpHealthCheck(o.TargetPort),
                // Every second, Google's shortest interval (its default is 5 s): with 2 successes to turn healthy a new
                // instance serves 1–2 s after it listens, as behind the local cloud's target groups (1 s). At 2 s each
                // surge instance of a rolling deploy waited 2–4 s, one after the other (bench/results-gce.md).
                CheckIntervalSec = 1, TimeoutSec = 1, HealthyThreshold = 2, UnhealthyThreshold = 2,
            }, ct);
        }
        var firewall = GceDeployNames.Firewall(r.Group, o.TargetPort);
        await c.Ledger.CreatedAsync(ResourceKind.Firewall, firewall);
        _firewall = true;
        await f.Api.InsertFirewallAsync(f.Project, new Firewall
        {
            Name = firewall, Description = $"kiln deploy {r.Group}: port {o.TargetPort} (run {r.Run})", Network = $"global/networks/{c.Cloud.Where.Network}",
            Direction = "INGRESS", Allowed = [new FirewallAllowed("tcp", [o.TargetPort.ToString(CultureInfo.InvariantCulture)])],
            SourceRanges = ["0.0.0.0/0"], TargetTags = [GceDeployNames.NetworkTag(r.Group)],
        }, ct);
        await c.Ledger.CreatedAsync(ResourceKind.InstanceGroupManager, r.Group);
        _group = true;
        await GroupCreation.InsertAsync(c, r.Group, s.NewTemplate!, o.Capacity, f.GlobalUrl($"healthChecks/{o.TargetGroup}"),
            $"kiln {r.Run}: deploy {r.Group}", ct);
        s.GreenCreated = true;
        c.Log.Info($"created health check {o.TargetGroup}, firewall rule {firewall} and group {r.Group} ({o.Capacity} instances of {s.Image!.Id})");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var f = c.Fleet;
        if (s.Switched)
        {
            if (_firewall) await c.Ledger.KeptAsync(ResourceKind.Firewall, GceDeployNames.Firewall(r.Group, r.Create!.TargetPort));
            if (_check) await c.Ledger.KeptAsync(ResourceKind.HealthCheck, r.Create!.TargetGroup);
            return;
        }
        if (_group)
        {
            await f.RemoveGroupAsync(r.Group, ct);
            await c.Ledger.CleanedAsync(ResourceKind.InstanceGroupManager, r.Group);
        }
        if (_firewall)
        {
            var firewall = GceDeployNames.Firewall(r.Group, r.Create!.TargetPort);
            await f.Api.DeleteFirewallAsync(f.Project, firewall, ct);
            await c.Ledger.CleanedAsync(ResourceKind.Firewall, firewall);
        }
        if (_check)
        {
            await f.Api.DeleteHealthCheckAsync(f.Project, r.Create!.TargetGroup, ct);
            await c.Ledger.CleanedAsync(ResourceKind.HealthCheck, r.Create!.TargetGroup);
        }
    }
}
