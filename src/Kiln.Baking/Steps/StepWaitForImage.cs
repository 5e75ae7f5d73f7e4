using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the new image; waits until it is available (failed is an error), tags its snapshots, then marks
/// the image complete (`kiln:temporary=false`, Kept in the ledger): from here on it is the bake's product.</summary>
public sealed class StepWaitForImage(BakeContext c) : IStep<BakeState>
{
    public string Name => "wait for image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var id = state.Image!.Value;
        var image = await c.Poller.UntilAsync(c.Timings.ImageAvailable,
            async t => await c.Cloud.GetImageAsync(id, t) ?? throw new Polling.NotYetException($"{id} is not known yet"),
            i => i.State is ImageState.Available or ImageState.Failed or ImageState.Deregistered, ct);
        if (image.State != ImageState.Available) throw new InvalidOperationException($"image {id} ended {image.State}, not available");
        await PausePoints.AtAsync(state, Name, "mid", ct);

        state.Snapshots = image.Snapshots;
        foreach (var s in image.Snapshots) await c.Ledger.CreatedAsync(ResourceKind.Snapshot, s.Value);
        var snapshotTags = SourceVariables.Render(state.Spec.SnapshotTags, state);
        snapshotTags[KilnTags.RunId] = state.Run.Value;
        if (state.Spec.Family is { } family) snapshotTags[KilnTags.Family] = family.Name;
        foreach (var s in image.Snapshots) await c.Images<IInstanceImages>().TagSnapshotAsync(s, snapshotTags, ct);
        c.Log.Info($"Image {id} ({image.Name}) is available");
        // With tests still to pass, or copies, encryption or sharing still to come, the image is complete only after
        // them (StepRunImageTests, StepDistributionDone): until then it is no generation, and a failure removes it.
        if (state.Spec.Distribution.IsEmpty && state.Spec.Tests is null) await CompleteAsync(c, state, ct);
    }

    /// <summary>Marks the build region's image and its snapshots as the bake's product.</summary>
    public static async Task CompleteAsync(BakeContext c, BakeState state, CancellationToken ct)
    {
        var id = state.Image!.Value;
        await c.Cloud.TagImageAsync(id, new Dictionary<string, string> { [KilnTags.Temporary] = "false" }, ct);
        state.ImageComplete = true;
        // Snapshots first: a run killed in between leaves a Live image, which gc removes with its snapshots.
        foreach (var s in state.Snapshots) await c.Ledger.KeptAsync(ResourceKind.Snapshot, s.Value);
        await c.Ledger.KeptAsync(ResourceKind.Image, id.Value);
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
