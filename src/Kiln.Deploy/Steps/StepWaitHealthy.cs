using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Steps;

/// <summary>Uses: green's name, capacity, target groups. Waits until every new instance is InService and healthy in
/// every target group (the target groups move new connections to green as soon as it has a healthy instance).</summary>
public sealed class StepWaitHealthy(DeployContext c) : IStep<DeployState>
{
    public string Name => "wait-healthy";

    public async Task RunAsync(DeployState s, CancellationToken ct)
    {
        var started = c.Clock.GetUtcNow();
        await c.Fleet.WaitInServiceAsync(s.GreenName!, s.Capacity, s.TargetGroups, ct);
        s.Switched = true;
        s.SwitchDuration = c.Clock.GetUtcNow() - started;
        // The new group is the run's product from now on (a rollback restores a group no run has on record).
        if (s.GreenCreated && s.Request.Kind != DeployKind.Rollback) await c.Ledger.KeptAsync(ResourceKind.AutoScalingGroup, s.GreenName!);
        c.Log.Info($"{s.GreenName}: {s.Capacity} instance(s) in service and healthy after {s.SwitchDuration.Value.TotalSeconds:0.0} s");
    }

    public Task CleanupAsync(DeployState s, CancellationToken ct) => Task.CompletedTask;
}
