using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Gce;

/// <summary>Uses the boot disk, the source and the lineage; produces the new image in the family's native family,
/// labelled with its lineage and `kiln-temporary=true` until it is complete. With ForceDeregister the old same-named
/// image goes only now, after provisioning succeeded. Cleanup: delete a half-made image.</summary>
public sealed class StepCreateImageFromDisk(BakeContext c) : IStep<BakeState>
{
    public string Name => "create image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        if (state.ImageToReplace is { } old)
        {
            await c.Cloud.RemoveImageAsync(old.Id, [], ct);
            c.Log.Info($"Deleted the old image {old.Name} (force_deregister)");
        }
        var description = spec.ImageDescription is { } text ? SourceVariables.Render(text, state)
            : $"Baked by Kiln run {state.Run} from {state.SourceImage!.Name}";
        var family = spec.ImageFamily ?? spec.Family?.Name;
        // Recorded before the call: a kill while Google makes the image leaves a name gc can delete (the image is
        // labelled too, for a kill before this write).
        await c.Ledger.CreatedAsync(ResourceKind.Image, spec.ImageName);
        state.Image = new Core.ImageId(spec.ImageName);
        Core.ImageId id;
        try
        {
            id = await c.Images<IDiskImages>().CreateImageFromDiskAsync(state.Disk!.Value,
                new ImageFromDisk(spec.ImageName, family, description, StepCreateImage.Tags(state, c.Options.Version))
                {
                    StorageLocations = spec.Launch.Gce.StorageLocations,
                }, ct);
        }
        catch (CloudException e) when (e.Code == "alreadyExists")
        {
            // Not ours: the name was taken since the input check. Its cleanup must not delete it.
            state.Image = null;
            await c.Ledger.CleanedAsync(ResourceKind.Image, spec.ImageName);
            throw;
        }
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.Image = id;
        c.Log.Info($"Created image {id} in family {family ?? "(none)"} from disk {state.Disk}");
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.Image is not { } id || state.ImageComplete) return;
        await c.Cloud.RemoveImageAsync(id, [], ct);
        await c.Ledger.CleanedAsync(ResourceKind.Image, id.Value);
        c.Log.Info($"Deleted the unfinished image {id}");
        state.Image = null;
    }
}
