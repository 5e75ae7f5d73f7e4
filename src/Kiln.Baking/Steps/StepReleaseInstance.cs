using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the available image; the build instance is no longer needed, so its termination starts now and runs
/// beside the rest of the bake (tests, copies, sharing) instead of after it. StepRunInstance's cleanup waits for it (and
/// terminates again if it failed); a run killed meanwhile leaves the instance in its ledger for `kiln gc`.</summary>
public sealed class StepReleaseInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "release instance";

    public Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.Instance is not null && state.InstanceRelease is null)
            state.InstanceRelease = Task.Run(() => StepRunInstance.RemoveInstanceAsync(c, state, CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
