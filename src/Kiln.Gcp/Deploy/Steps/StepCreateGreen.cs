using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: green's name, the new template, blue's size, the backend service. Produces: the green group, a backend
/// of the service beside blue (the service sends new connections to its instances as they turn healthy). Cleanup: if
/// traffic never moved to it, green leaves the service and is deleted (blue was never touched).</summary>
public sealed class StepCreateGreen(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "create-green-group";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var healthCheck = s.Service!.HealthChecks?.FirstOrDefault() ?? s.Blue!.AutoHealingPolicies?.FirstOrDefault()?.HealthCheck
            ?? throw new Core.KilnInputException($"backend service {s.Service.Name} has no health check: give it one");
        await c.Ledger.CreatedAsync(ResourceKind.InstanceGroupManager, s.GreenName!);
        s.GreenCreated = true;
        await GroupCreation.InsertAsync(c, s.GreenName!, s.NewTemplate!, s.Capacity, healthCheck, $"kiln {s.Request.Run}: deploy {s.Request.Group}", ct);
        await Backends.AddAsync(c, s.Service.Name, s.GreenName!, ct);
        c.Log.Info($"created {s.GreenName} ({s.Capacity} instances of {s.Image!.Id}), a backend of {s.Service.Name} beside {s.Blue!.Name}");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        if (!s.GreenCreated || s.Switched) return;
        c.Log.Info($"traffic never moved to {s.GreenName}: deleting it; {s.Blue!.Name} serves as before");
        await Backends.RemoveAsync(c, s.Service!.Name, s.GreenName!, ct);
        await c.Fleet.RemoveGroupAsync(s.GreenName!, ct);
        await c.Ledger.CleanedAsync(ResourceKind.InstanceGroupManager, s.GreenName!);
    }
}
