using Kiln.Aws;
using Kiln.Baking;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Deploy.Steps;

namespace Kiln.Deploy;

/// <summary>Runs one deploy, rollback or first creation as a plan of steps (Core's StepRunner: cleanups in reverse,
/// on failure too), recorded as a run in the history with its steps.</summary>
public sealed class DeployEngine(AwsCloud cloud, IRunStore store, TimeProvider clock, DeployTimings? timings = null)
{
    private readonly DeployTimings _timings = timings ?? new DeployTimings();

    /// <summary>Every plan, as a reader sees it in one screen.</summary>
    private static IReadOnlyList<IStep<DeployState>> Plan(DeployRequest r, DeployContext c) => (r.Kind, r.Strategy) switch
    {
        (DeployKind.Create, _) => [new StepCheckCreate(c), new StepCreateFirstGroup(c), new StepWaitHealthy(c)],
        (DeployKind.Deploy, DeployStrategy.BlueGreen) =>
        [
            new StepCheckDeploy(c),
            new StepNewTemplateVersion(c),
            new StepCreateGreen(c),      // cleanup: delete green unless traffic moved to it
            new StepWaitHealthy(c),      // traffic is on green from here
            new StepRetireBlue(c),       // detach, drain, scale to 0, keep
        ],
        (DeployKind.Deploy, DeployStrategy.Rolling) => [new StepCheckDeploy(c), new StepNewTemplateVersion(c), new StepRollingRefresh(c)],
        (DeployKind.Rollback, _) => [new StepCheckRollback(c), new StepRollbackRoute(c)],
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public async Task<DeployResult> RunAsync(DeployRequest request, IRunLog log, IStepObserver? observer, CancellationToken ct)
    {
        var masked = new MaskedRunLog(log);
        await store.CreateRunAsync(new RunStart(request.Run, request.Kind.ToString().ToLowerInvariant(), request.Family.Name,
            request.Arguments, Environment.UserName, cloud.Describe, clock.GetUtcNow(), Environment.MachineName,
            Environment.ProcessId, request.Job), CancellationToken.None);
        var context = new DeployContext(cloud, new DeployCloud(cloud, _timings), new Ledger(store, request.Run), masked, clock, _timings);
        var state = new DeployState(request);
        var runner = new StepRunner<DeployState>(new RunRecordObserver(store, request.Run, masked, observer), clock)
        {
            CleanupBudget = _timings.CleanupBudget,
        };
        var started = clock.GetUtcNow();
        var plan = await runner.RunAsync(Plan(request, context), state, ct);
        var result = Result(request, state, plan, masked, clock.GetUtcNow() - started);
        await store.FinishRunAsync(request.Run, result.Outcome, result.Error,
            result.Succeeded ? $"{result.Image} {result.Group}" : null, result.ToJson(), CancellationToken.None);
        masked.Info(result.Succeeded ? $"{request.Kind} done: {result.Group} serves {result.Image}" : $"{request.Kind} {result.Outcome.ToString().ToLowerInvariant()}: {result.Error}");
        if (plan.Failure is Core.KilnInputException bad) throw bad;
        return result;
    }

    private static DeployResult Result(DeployRequest r, DeployState s, PlanResult plan, MaskedRunLog log, TimeSpan elapsed)
    {
        var outcome = plan.Succeeded ? RunOutcome.Succeeded : plan.Cancelled ? RunOutcome.Cancelled : RunOutcome.Failed;
        var error = plan.Failure is null ? null : plan.Cancelled ? "cancelled" : log.Mask(plan.Failure.Message);
        var warnings = s.Warnings.Concat(plan.CleanupErrors.Select(e => $"cleanup failed: {log.Mask(e.Message)}")).ToList();
        var strategy = r.Kind == DeployKind.Rollback && s.Blue is not null && s.GreenName == s.Blue.Name ? DeployStrategy.Rolling : r.Strategy;
        return new DeployResult(r.Run.Value, r.Kind.ToString().ToLowerInvariant(), outcome, error, r.Group,
            strategy == DeployStrategy.BlueGreen ? "blue-green" : "rolling",
            s.Switched ? s.GreenName : s.Blue?.Name, s.Switched && s.GreenName != s.Blue?.Name ? s.Blue?.Name : null,
            s.Switched ? s.Image?.Id.Value : s.BlueImage?.Value, s.Switched ? s.BlueImage?.Value : null, s.TargetVersion,
            s.SwitchDuration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
            plan.Steps.Select(x => new StepTiming(x.Name, x.Outcome.ToString().ToLowerInvariant(), Math.Round(x.Duration.TotalSeconds, 3))).ToList(),
            Math.Round(elapsed.TotalSeconds, 3), warnings);
    }
}
