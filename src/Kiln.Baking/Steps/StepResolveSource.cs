using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the source image chosen by the input check; confirms it is still available just before the
/// instance starts from it (another run's retention may have removed it since).</summary>
public sealed class StepResolveSource(BakeContext c) : IStep<BakeState>
{
    public string Name => "resolve source";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var chosen = state.SourceImage ?? throw new InvalidOperationException("no source image was chosen");
        var now = await c.Cloud.GetImageAsync(chosen.Id, ct);
        if (now is not { State: ImageState.Available })
            throw new InvalidOperationException($"source image {chosen.Id} ({chosen.Name}) is no longer available");
        state.SourceImage = now;
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
