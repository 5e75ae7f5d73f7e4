using Kiln.Baking.Polling;
using Kiln.Baking.Steps;
using Kiln.Baking.Testing;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking;

/// <summary>Runs one bake: the plan of steps below, Packer amazon-ebs style, with the run's record written before
/// the first cloud call and its outcome after the last cleanup.</summary>
public sealed class BakeEngine(ICloud cloud, IRunStore store, KilnPaths paths, TimeProvider clock, BakeEngineOptions? options = null)
{
    private readonly BakeEngineOptions _options = options ?? new BakeEngineOptions();

    /// <summary>The whole bake. Cleanups run in reverse on success, failure and cancellation.</summary>
    private static IReadOnlyList<IStep<BakeState>> Plan(BakeContext c) =>
    [
        new StepCheckInputs(c),          // name free, files present, source available: before anything is created
        new StepResolveSource(c),
        new StepCreateKeyPair(c),        // cleanup: delete key pair
        new StepStartAnsible(c),         // cleanup: stop a play still waiting for the instance
        new StepCreateSecurityGroup(c),  // cleanup: delete group
        new StepRunInstance(c),          // cleanup: terminate instance
        new StepWaitForSsh(c),
        new StepProvision(c),
        new StepRemoveTemporaryKey(c),
        new StepStopInstance(c),
        new StepCreateImage(c),          // cleanup: remove a half-made image and its snapshots
        new StepWaitForImage(c),
    ];

    /// <summary>Retention runs after the plan's cleanups, on success only: until the builder instance is terminated,
    /// the previous generation it was launched from counts as in use and would never be pruned.</summary>
    private static IReadOnlyList<IStep<BakeState>> AfterSuccess(BakeContext c) => [new StepPrune(c)];

    /// <summary>Runs the bake and returns what happened; the outcome is Succeeded, Failed or Cancelled (when
    /// <paramref name="ct"/> was cancelled). Bad input throws <see cref="KilnInputException"/> after the run is
    /// recorded as failed; nothing was created then. <paramref name="log"/> is the run's log (it masks secrets).</summary>
    public async Task<BakeResult> RunAsync(BakeRequest request, IRunLog log, IStepObserver? observer, CancellationToken ct)
    {
        var masked = new MaskedRunLog(log);
        var spec = request.Spec;
        if (!request.RunRecorded)
            await store.CreateRunAsync(new RunStart(request.Run, request.Kind, spec.Family?.Name, request.Arguments,
                request.User ?? Environment.UserName, cloud.Describe, clock.GetUtcNow(), Environment.MachineName, Environment.ProcessId,
                request.Job), CancellationToken.None);

        var context = new BakeContext(cloud, new Ledger(store, request.Run), masked, clock, new Poller(clock), _options.Timings, _options, paths);
        var state = new BakeState(request.Run, spec, paths.RunDirectory(request.Run));
        var runner = new StepRunner<BakeState>(new RunRecordObserver(store, request.Run, masked, observer), clock)
        {
            CleanupBudget = _options.CleanupBudget,
        };
        var started = clock.GetUtcNow();
        var plan = await runner.RunAsync(PausableStep.Wrap(Plan(context)), state, ct);
        if (plan.Succeeded)
        {
            var after = await runner.RunAsync(PausableStep.Wrap(AfterSuccess(context)), state, ct);
            if (after.Failure is { } e) state.Warnings.Add($"retention did not finish: {masked.Mask(e.Message)}");
            plan = plan with { Steps = [.. plan.Steps, .. after.Steps] };
        }
        var result = Result(request, state, plan, masked, clock.GetUtcNow() - started);

        // A caller that recorded the run's start also writes its outcome (the job server: `timed-out` is its word, and a
        // client polling the run must not see `cancelled` first).
        if (!request.RunRecorded)
            await store.FinishRunAsync(request.Run, result.Outcome, result.Error,
                result.Succeeded ? $"{result.Image} {result.ImageName}" : null, result.ToJson(), CancellationToken.None);
        masked.Info(result.Succeeded ? $"Bake done: {result.Image} {result.ImageName}" : $"Bake {result.Outcome.ToString().ToLowerInvariant()}: {result.Error}");
        if (plan.Failure is KilnInputException bad) throw bad;
        return result;
    }

    private static BakeResult Result(BakeRequest request, BakeState state, PlanResult plan, MaskedRunLog log, TimeSpan elapsed)
    {
        var outcome = plan.Succeeded ? RunOutcome.Succeeded : plan.Cancelled ? RunOutcome.Cancelled : RunOutcome.Failed;
        var error = plan.Failure is null ? null
            : plan.Cancelled ? "cancelled" : log.Mask(plan.Failure.Message);
        var warnings = state.Warnings.Concat(plan.CleanupErrors.Select(e => $"cleanup failed: {log.Mask(e.Message)}")).ToList();
        return new BakeResult(request.Run, outcome, error,
            plan.Succeeded ? state.Image : null, request.Spec.ImageName, state.SourceImage?.Id, state.SourceImage?.Name,
            plan.Steps.Select(s => new StepTiming(s.Name, s.Outcome.ToString().ToLowerInvariant(), Math.Round(s.Duration.TotalSeconds, 3))).ToList(),
            Math.Round(elapsed.TotalSeconds, 3),
            state.Retention?.Pruned ?? [], state.Retention?.Kept ?? [], warnings);
    }
}
