using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>imds_support: uses the available image; makes its instances require IMDSv2 (ModifyImageAttribute
/// ImdsSupport), before any copy is made, so the copies carry it too.</summary>
public sealed class StepSetImdsSupport(BakeContext c) : IStep<BakeState>
{
    public string Name => "set imds support";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var version = state.Spec.ImageAttributes.ImdsSupport!;
        await c.Images<IInstanceImages>().SetImdsSupportAsync(state.Image!.Value, version, ct);
        c.Log.Info($"Image {state.Image} requires IMDS {version}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
