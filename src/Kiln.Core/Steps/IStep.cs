namespace Kiln.Core.Steps;

/// <summary>One step of a plan. The runner registers it for cleanup before running it; cleanups run in reverse
/// order on success, failure and cancellation, with their own time budget. Cleanup is idempotent and does
/// nothing where nothing was made. TState is the plan's typed state, filled in by the steps.</summary>
public interface IStep<in TState>
{
    string Name { get; }
    Task RunAsync(TState state, CancellationToken ct);
    Task CleanupAsync(TState state, CancellationToken ct);
}
