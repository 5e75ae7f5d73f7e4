using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking;

/// <summary>Writes each finished step to the run record (an audit write), logs it, and passes it on to the
/// caller's observer (the console display).</summary>
public sealed class RunRecordObserver(IRunStore store, RunId run, MaskedRunLog log, IStepObserver? next) : IStepObserver
{
    public async Task StepStartedAsync(string step, DateTimeOffset at, CancellationToken ct)
    {
        log.Write("step", $"==> {step}");
        if (next is not null) await next.StepStartedAsync(step, at, ct);
    }

    public async Task StepFinishedAsync(StepResult result, CancellationToken ct)
    {
        var masked = result with { Error = result.Error is null ? null : log.Mask(result.Error) };
        await store.RecordStepAsync(run, new StepRecord(masked.Name, masked.Started, masked.Duration,
            masked.Outcome.ToString().ToLowerInvariant(), masked.Error), ct);
        log.Write("step", $"<== {masked.Name}: {masked.Outcome.ToString().ToLowerInvariant()} in {masked.Duration.TotalSeconds:0.00} s"
            + (masked.Error is null ? "" : $": {masked.Error}"));
        if (next is not null) await next.StepFinishedAsync(masked, ct);
    }

    public void CleanupFailed(string step, Exception error)
    {
        log.Write("error", $"cleanup of {step} failed: {log.Mask(error.Message)}");
        next?.CleanupFailed(step, error);
    }
}
