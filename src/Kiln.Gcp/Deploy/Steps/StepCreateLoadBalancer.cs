using System.Globalization;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the create options, the group. Produces: the regional backend service `LB` (external passthrough,
/// TCP, the group as its backend, the health check, connection draining; its description marks the deploy) and the
/// forwarding rule `LB` on the port (on the local cloud: 127.0.0.1). Cleanup on failure: both, if this run made them.</summary>
public sealed class StepCreateLoadBalancer(GceDeployContext c) : IStep<GceDeployState>
{
    /// <summary>How long a backend taken out of the service keeps its open connections.</summary>
    public const int DrainingSec = 10;
    private bool _service, _rule;

    public string Name => "create-load-balancer";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var o = r.Create!;
        var f = c.Fleet;
        await c.Ledger.CreatedAsync(ResourceKind.BackendService, o.TargetGroup);
        _service = true;
        await f.Api.InsertBackendServiceAsync(f.Project, f.Region, new BackendService
        {
            Name = o.TargetGroup, Description = GceDeployNames.Description(r.Group, null), Protocol = "TCP",
            LoadBalancingScheme = "EXTERNAL", HealthChecks = [f.GlobalUrl($"healthChecks/{o.TargetGroup}")],
            Backends = [new Backend(f.ZoneUrl($"instanceGroups/{r.Group}"))], ConnectionDraining = new ConnectionDraining(DrainingSec),
        }, ct);
        s.Service = await f.Api.GetBackendServiceAsync(f.Project, f.Region, o.TargetGroup, ct);
        await c.Ledger.CreatedAsync(ResourceKind.ForwardingRule, o.TargetGroup);
        _rule = true;
        await f.Api.InsertForwardingRuleAsync(f.Project, f.Region, new ForwardingRule
        {
            Name = o.TargetGroup, Description = $"kiln {r.Run}: deploy {r.Group}",
            IpAddress = c.Cloud.Where.IsLocal ? "127.0.0.1" : null, IpProtocol = "TCP",
            PortRange = o.ListenPort.ToString(CultureInfo.InvariantCulture), BackendService = f.RegionUrl($"backendServices/{o.TargetGroup}"),
            LoadBalancingScheme = "EXTERNAL",
        }, ct);
        var rule = await f.Api.GetForwardingRuleAsync(f.Project, f.Region, o.TargetGroup, ct);
        c.Log.Info($"created backend service {o.TargetGroup} and forwarding rule {o.TargetGroup} on {rule?.IpAddress}:{o.ListenPort}");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        var name = s.Request.Create!.TargetGroup;
        var f = c.Fleet;
        if (s.Switched)
        {
            // Serving: the deploy's from now on (until then a kill leaves them for `kiln gc`).
            if (_service) await c.Ledger.KeptAsync(ResourceKind.BackendService, name);
            if (_rule) await c.Ledger.KeptAsync(ResourceKind.ForwardingRule, name);
            return;
        }
        if (_rule)
        {
            await f.Api.DeleteForwardingRuleAsync(f.Project, f.Region, name, ct);
            await c.Ledger.CleanedAsync(ResourceKind.ForwardingRule, name);
        }
        if (_service)
        {
            await f.Api.DeleteBackendServiceAsync(f.Project, f.Region, name, ct);
            await c.Ledger.CleanedAsync(ResourceKind.BackendService, name);
        }
    }
}
