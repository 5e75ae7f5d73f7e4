using Kiln.Baking.Testing;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Baking.Steps;

/// <summary>Uses the stopped instance, the source and the lineage; produces the new image, tagged with its
/// lineage and `kiln:temporary=true` until it is complete. With ForceDeregister the old same-named image is
/// removed only now, after provisioning succeeded. Its cleanup removes a half-made image and its snapshots.</summary>
public sealed class StepCreateImage(BakeContext c) : IStep<BakeState>
{
    public string Name => "create image";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        if (state.ImageToReplace is { } old)
        {
            await c.Images<IInstanceImages>().DeregisterImageAsync(old.Id, ct);
            if (spec.ForceDeleteSnapshot) foreach (var s in old.Snapshots) await c.Images<IInstanceImages>().DeleteSnapshotAsync(s, ct);
            c.Log.Info($"Deregistered the old image {old.Id} named {old.Name} (force_deregister)");
        }
        var description = spec.ImageDescription is { } text ? SourceVariables.Render(text, state)
            : $"Baked by Kiln run {state.Run} from {state.SourceImage!.Name}";
        var id = await c.Images<IInstanceImages>().CreateImageAsync(state.Instance!.Value, spec.ImageName, description, Tags(state, c.Options.Version), ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.Image = id;
        await c.Ledger.CreatedAsync(ResourceKind.Image, id.Value);
        c.Log.Info($"Creating image {id} named {spec.ImageName}");
    }

    /// <summary>The spec's image tags, then the lineage Kiln owns (it wins over a same-named user tag).</summary>
    public static IReadOnlyDictionary<string, string> Tags(BakeState state, string version)
    {
        var tags = SourceVariables.Render(state.Spec.ImageTags, state);
        if (state.Spec.Family is { } family) tags[KilnTags.Family] = family.Name;
        tags[KilnTags.SourceImage] = state.SourceImage!.Id.Value;
        tags[KilnTags.RunId] = state.Run.Value;
        tags[KilnTags.PlaybookCommit] = (state.Lineage ?? Lineage.PlaybookLineage.None).Commit;
        tags[KilnTags.PlaybookDirty] = (state.Lineage?.Dirty ?? false) ? "true" : "false";
        if (state.Spec.Playbooks?.Repository is { } repo) tags[KilnTags.PlaybookRepo] = repo.Repository;
        if (state.Inputs is { } inputs) tags[KilnTags.Inputs] = inputs.Digest;
        tags[KilnTags.Version] = version;
        tags[KilnTags.Temporary] = "true";
        return tags;
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.Image is not { } id || state.ImageComplete) return;
        var snapshots = await ImageRemoval.RemoveAsync(c.Cloud, id, state.Snapshots, ct);
        await c.Ledger.CleanedAsync(ResourceKind.Image, id.Value);
        foreach (var s in state.Snapshots) await c.Ledger.CleanedAsync(ResourceKind.Snapshot, s.Value);
        c.Log.Info($"Removed the unfinished image {id} and {snapshots.Count} snapshot(s)");
        state.Image = null;
    }
}
