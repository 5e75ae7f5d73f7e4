using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Distribution;

/// <summary>Uses the images of every region; with skip_save_build_region removes the build region's (intermediate)
/// image and its snapshots, then marks every remaining image complete (`kiln:temporary=false`): only now, with every
/// copy made and shared, is the generation the bake's product.</summary>
public sealed class StepDistributionDone(BakeContext c) : IStep<BakeState>
{
    public string Name => "finish copies";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var d = state.Spec.Distribution;
        if (d.IsEmpty) return;
        if (d.SkipSaveBuildRegion)
        {
            var removed = await ImageRemoval.RemoveAsync(c.Cloud, state.Image!.Value, state.Snapshots, ct);
            await c.Ledger.CleanedAsync(ResourceKind.Image, state.Image!.Value.Value);
            foreach (var s in removed) await c.Ledger.CleanedAsync(ResourceKind.Snapshot, s.Value);
            state.BuildRegionImageKept = false;
            c.Log.Info($"Removed the build region's image {state.Image} (skip_save_build_region): the copies remain");
        }
        foreach (var (region, id) in state.Copies)
        {
            await DistributionCloud.For(c, state, region).TagImageAsync(id, new Dictionary<string, string> { [KilnTags.Temporary] = "false" }, ct);
            await c.Ledger.KeptAsync(ResourceKind.Image, new RegionalImage(region, id).LedgerId);
        }
        // The build region's image names its copies: listing, retention and pruning follow the generation everywhere.
        if (state.BuildRegionImageKept && state.Copies.Count > 0)
            await c.Cloud.TagImageAsync(state.Image!.Value, new Dictionary<string, string>
            {
                [KilnTags.Copies] = RegionalImage.Tag(state.Copies.Select(kv => new RegionalImage(kv.Key, kv.Value))),
            }, ct);
        if (state.BuildRegionImageKept) await StepWaitForImage.CompleteAsync(c, state, ct);
        state.ImageComplete = true;
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
