namespace Kiln.Core.Steps;

/// <summary>Sees the runner's progress: the console display and the run record listen here.</summary>
public interface IStepObserver
{
    Task StepStartedAsync(string step, DateTimeOffset at, CancellationToken ct);
    Task StepFinishedAsync(StepResult result, CancellationToken ct);
    void CleanupFailed(string step, Exception error);
}

public enum StepOutcome { Succeeded, Failed, Cancelled, Skipped }

public sealed record StepResult(string Name, DateTimeOffset Started, TimeSpan Duration, StepOutcome Outcome, string? Error);
