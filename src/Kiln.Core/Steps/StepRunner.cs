namespace Kiln.Core.Steps;

/// <summary>Runs a plan of steps, then the cleanups of every step that started, in reverse. Cleanups get their
/// own token (budget <see cref="CleanupBudget"/>), not the cancelled one, and never hide the original error.</summary>
public sealed class StepRunner<TState>(IStepObserver observer, TimeProvider clock)
{
    public TimeSpan CleanupBudget { get; init; } = TimeSpan.FromMinutes(5);

    public async Task<PlanResult> RunAsync(IReadOnlyList<IStep<TState>> plan, TState state, CancellationToken ct)
    {
        var started = new Stack<IStep<TState>>();
        var results = new List<StepResult>();
        Exception? failure = null;
        string? completedEarly = null;
        foreach (var step in plan)
        {
            started.Push(step);
            var at = clock.GetUtcNow();
            await observer.StepStartedAsync(step.Name, at, CancellationToken.None);
            try
            {
                ct.ThrowIfCancellationRequested();
                await step.RunAsync(state, ct);
                results.Add(await Finish(step.Name, at, StepOutcome.Succeeded, null));
            }
            catch (PlanCompleteException done)
            {
                results.Add(await Finish(step.Name, at, StepOutcome.Succeeded, null));
                completedEarly = done.Message;
                break;
            }
            catch (Exception e)
            {
                var cancelled = e is OperationCanceledException && ct.IsCancellationRequested;
                results.Add(await Finish(step.Name, at, cancelled ? StepOutcome.Cancelled : StepOutcome.Failed, e.Message));
                failure = e;
                break;
            }
        }
        var cleanupErrors = await CleanupAsync(started, state);
        return new PlanResult(results, failure, cleanupErrors, failure is OperationCanceledException && ct.IsCancellationRequested)
        {
            CompletedEarly = completedEarly,
        };
    }

    private async Task<StepResult> Finish(string name, DateTimeOffset at, StepOutcome outcome, string? error)
    {
        var result = new StepResult(name, at, clock.GetUtcNow() - at, outcome, error);
        await observer.StepFinishedAsync(result, CancellationToken.None);
        return result;
    }

    private async Task<IReadOnlyList<Exception>> CleanupAsync(Stack<IStep<TState>> started, TState state)
    {
        using var budget = new CancellationTokenSource(CleanupBudget, clock);
        var errors = new List<Exception>();
        while (started.TryPop(out var step))
        {
            try { await step.CleanupAsync(state, budget.Token); }
            catch (Exception e)
            {
                errors.Add(e);
                observer.CleanupFailed(step.Name, e);
            }
        }
        return errors;
    }
}

/// <summary>Failure is the first step error (null on success); Cancelled tells "the user cancelled" from a failure.</summary>
public sealed record PlanResult(IReadOnlyList<StepResult> Steps, Exception? Failure, IReadOnlyList<Exception> CleanupErrors, bool Cancelled)
{
    public bool Succeeded => Failure is null;
    /// <summary>Why the plan stopped before its last step with nothing left to do (<see cref="PlanCompleteException"/>).</summary>
    public string? CompletedEarly { get; init; }
}
