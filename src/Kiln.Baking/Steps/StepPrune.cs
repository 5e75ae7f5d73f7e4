using Kiln.Baking.Retention;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the family and Keep; after a successful bake (and its cleanups) removes generations beyond the newest
/// Keep and records what it kept and why. A failed bake prunes nothing.
/// A retention failure is a warning: the new image is made and stays.</summary>
public sealed class StepPrune(BakeContext c) : IStep<BakeState>
{
    public string Name => "retention";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.Spec.Family is not { } family || state.Spec.Keep is not { } keep)
        {
            c.Log.Info("Retention: not configured for this build");
            return;
        }
        try
        {
            state.Retention = await new Pruner(c.Cloud).PruneAsync(family, keep, dryRun: false, ct, line => c.Log.Info($"Retention: {line}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.Warnings.Add($"retention failed, nothing more was pruned: {e.Message}");
            c.Log.Write("error", $"Retention failed: {e.Message}");
        }
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
