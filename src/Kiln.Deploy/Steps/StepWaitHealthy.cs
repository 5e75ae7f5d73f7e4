using Kiln.Core.Steps;

namespace Kiln.Deploy.Steps;

/// <summary>Uses: green's name, capacity. Waits through the port until every new instance runs and is healthy behind
/// the load balancer (which moves new connections to a new instance as soon as it is healthy). Produces: the switch.</summary>
public sealed class StepWaitHealthy<TState>(DeployContext c, IDeployPort<TState> port) : IStep<TState> where TState : DeployState
{
    public string Name => "wait-healthy";

    public async Task RunAsync(TState s, CancellationToken ct)
    {
        var started = c.Clock.GetUtcNow();
        await port.WaitServingAsync(s, ct);
        s.Switched = true;
        s.SwitchDuration = c.Clock.GetUtcNow() - started;
        // The new group is the run's product from now on (a rollback restores a group no run has on record).
        if (s.GreenCreated && s.Request.Kind != DeployKind.Rollback) await c.Ledger.KeptAsync(port.GroupKind, s.GreenName!);
        c.Log.Info($"{s.GreenName}: {s.Capacity} instance(s) in service and healthy after {s.SwitchDuration.Value.TotalSeconds:0.0} s");
    }

    public Task CleanupAsync(TState s, CancellationToken ct) => Task.CompletedTask;
}
