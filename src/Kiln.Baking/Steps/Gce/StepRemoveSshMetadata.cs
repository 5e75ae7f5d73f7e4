using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Gce;

/// <summary>Uses the instance; takes the run's key out of its `ssh-keys` metadata, so nothing of it is left for the
/// image or the guest environment to bring back.</summary>
public sealed class StepRemoveSshMetadata(BakeContext c) : IStep<BakeState>
{
    public string Name => "remove key from metadata";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        await c.Images<IDiskImages>().RemoveSshKeysAsync(state.Instance!.Value, ct);
        c.Log.Info($"Removed the temporary key from the metadata of {state.Instance}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
