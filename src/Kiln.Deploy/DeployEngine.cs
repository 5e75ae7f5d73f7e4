using Kiln.Aws;
using Kiln.Baking;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Deploy.Aws;

namespace Kiln.Deploy;

/// <summary>Runs one deploy, rollback or first creation as the provider's plan of steps, recorded as a run in the
/// history with its steps. The engine knows no cloud: the provider (<see cref="IDeployProvider"/>) does.</summary>
public sealed class DeployEngine(IDeployProvider provider, IRunStore store, TimeProvider clock, DeployTimings? timings = null)
{
    private readonly DeployTimings _timings = timings ?? new DeployTimings();

    /// <summary>A deploy to EC2 Auto Scaling groups (the local cloud or AWS).</summary>
    public DeployEngine(AwsCloud cloud, IRunStore store, TimeProvider clock, DeployTimings? timings = null)
        : this(new AwsDeployProvider(cloud, timings ?? new DeployTimings()), store, clock, timings) { }

    public async Task<DeployResult> RunAsync(DeployRequest request, IRunLog log, IStepObserver? observer, CancellationToken ct)
    {
        var masked = new MaskedRunLog(log);
        if (!request.RunRecorded)
            await store.CreateRunAsync(new RunStart(request.Run, request.Kind.ToString().ToLowerInvariant(), request.Family.Name,
                request.Arguments, Environment.UserName, provider.Cloud.Describe, clock.GetUtcNow(), Environment.MachineName,
                Environment.ProcessId, request.Job), CancellationToken.None);
        var context = new DeployContext(new Ledger(store, request.Run), masked, clock, _timings);
        var started = clock.GetUtcNow();
        var (state, plan) = await provider.RunAsync(request, context, new RunRecordObserver(store, request.Run, masked, observer), ct);
        var result = Result(request, state, plan, masked, clock.GetUtcNow() - started);
        if (!request.RunRecorded)
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
        return new DeployResult(r.Run.Value, r.Kind.ToString().ToLowerInvariant(), outcome, error, r.Group,
            DeployStrategies.Name(s.StrategyUsed),
            s.Switched ? s.GreenName : s.BlueName, s.Switched && s.GreenName != s.BlueName ? s.BlueName : null,
            s.Switched ? s.Image?.Id.Value : s.BlueImage?.Value, s.Switched ? s.BlueImage?.Value : null, s.TemplateVersion,
            s.SwitchDuration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
            plan.Steps.Select(x => new StepTiming(x.Name, x.Outcome.ToString().ToLowerInvariant(), Math.Round(x.Duration.TotalSeconds, 3))).ToList(),
            Math.Round(elapsed.TotalSeconds, 3), warnings) { Template = s.Template };
    }
}
