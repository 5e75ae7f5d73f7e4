using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Deploy;

/// <summary>The deploy port: what the engine and the cloud-independent steps ask of a provider. Each provider (EC2 Auto
/// Scaling, Compute Engine managed instance groups) implements it with its own typed state, and gives one literal
/// list of steps per kind of deploy in <see cref="DeployProvider{TState}.Plan"/>.</summary>
public interface IDeployPort<in TState> where TState : DeployState
{
    /// <summary>The bake's port of the same cloud: images (to pick one, to see which are in use).</summary>
    ICloud Cloud { get; }
    /// <summary>What a group is in the run's ledger (AutoScalingGroup, InstanceGroupManager).</summary>
    ResourceKind GroupKind { get; }
    /// <summary>Until green has the state's capacity of instances running its new version, each healthy behind the
    /// load balancer; the deploy's timings bound the wait.</summary>
    Task WaitServingAsync(TState s, CancellationToken ct);
}

/// <summary>A provider as the engine runs it: its state, its plan, its runner.</summary>
public interface IDeployProvider
{
    ICloud Cloud { get; }
    Task<(DeployState State, PlanResult Plan)> RunAsync(DeployRequest request, DeployContext context, IStepObserver observer, CancellationToken ct);
}

/// <summary>A provider's typed half: one literal list of steps for each kind and strategy, run by Core's StepRunner
/// (cleanups in reverse, on failure and cancellation too).</summary>
public abstract class DeployProvider<TState> : IDeployProvider, IDeployPort<TState> where TState : DeployState
{
    public abstract ICloud Cloud { get; }
    public abstract ResourceKind GroupKind { get; }
    public abstract Task WaitServingAsync(TState s, CancellationToken ct);
    protected abstract TState NewState(DeployRequest request);
    /// <summary>Every plan of this provider, as a reader sees it in one screen.</summary>
    protected abstract IReadOnlyList<IStep<TState>> Plan(DeployRequest r, DeployContext c);

    public async Task<(DeployState State, PlanResult Plan)> RunAsync(DeployRequest request, DeployContext context, IStepObserver observer, CancellationToken ct)
    {
        var state = NewState(request);
        var runner = new StepRunner<TState>(observer, context.Clock) { CleanupBudget = context.Timings.CleanupBudget };
        return (state, await runner.RunAsync(Plan(request, context), state, ct));
    }
}
