using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Inputs;

/// <summary>Compares a bake's inputs with those the family's newest image was baked from (its `kiln:inputs` tag).
/// When the source is that newest image itself (the article's chain: each bake starts from the last), the question is
/// whether the newest image already is what these inputs make, so the comparison takes the newest image's own source
/// (`kiln:source-image`) in place of the source: the same playbook applied again would change nothing.</summary>
public static class UpToDateCheck
{
    /// <summary>Stops the plan (<see cref="PlanCompleteException"/>) when the newest image has these inputs and the spec
    /// skips such bakes; otherwise names in the log what differs from the newest image.</summary>
    public static async Task RunAsync(BakeContext c, BakeState state, CloudImage? newest, CancellationToken ct)
    {
        var inputs = state.Inputs!;
        c.Log.Info($"Inputs: {inputs.Digest}");
        if (newest is null) return;
        var compared = ComparedSource(inputs, newest);
        var recorded = newest.Tags.GetValueOrDefault(KilnTags.Inputs);
        if (recorded == inputs.DigestFor(compared))
        {
            if (state.Spec.SkipWhenUpToDate)
            {
                state.UpToDate = newest;
                throw new PlanCompleteException($"up to date: {newest.Id} ({newest.Name}) was baked from the same inputs");
            }
            state.InputChanges.Add($"none: {newest.Id} ({newest.Name}) was baked from the same inputs (--force)");
        }
        else if (recorded is null)
            state.InputChanges.Add($"unknown: the newest image {newest.Id} ({newest.Name}) records no inputs");
        else if (await RecordedInputsAsync(c.History, newest, ct) is { } before)
            state.InputChanges.AddRange(InputsDifference.Between(before, inputs, compared));
        else
            state.InputChanges.Add($"unknown: the inputs of {newest.Id} ({newest.Name}) differ, and its run is not in this history to say how");
        foreach (var change in state.InputChanges) c.Log.Info($"Changed since {newest.Id}: {change}");
    }

    /// <summary>Whether a bake of <paramref name="spec"/> would end up to date, from reads alone (the family, the
    /// source, the playbook tree): the same answer the input check gives, asked before anything else starts.</summary>
    /// <param name="tree">The playbook tree's entries (<see cref="PlaybookTree.ReadFor"/>), read once for this answer and the bake's own check.</param>
    public static async Task<bool> IsUpToDateAsync(ICloud cloud, BakeSpec spec, Task<IReadOnlyList<TreeEntry>> tree, CancellationToken ct)
    {
        if (!spec.SkipWhenUpToDate || spec.Family is not { } family) return false;
        var newest = SourceSelection.NewestOfFamily(family, await cloud.FindImagesAsync(family.NameFilter, ct));
        if (newest?.Tags.GetValueOrDefault(KilnTags.Inputs) is not { } recorded) return false;
        var source = await SourceResolver.ResolveAsync(cloud, spec.Source, ct);
        if (source.Image is null) return false;
        var inputs = InputsReader.Read(spec, source.Image.Id.Value, await tree);
        return recorded == inputs.DigestFor(ComparedSource(inputs, newest));
    }

    public static string ComparedSource(BakeInputs inputs, CloudImage newest) =>
        inputs.Source == newest.Id.Value && newest.Tags.GetValueOrDefault(KilnTags.SourceImage) is { } itsSource ? itsSource : inputs.Source;

    /// <summary>The inputs the run that made <paramref name="image"/> recorded in its result (null when that run is not
    /// in this history or recorded none).</summary>
    private static async Task<BakeInputs?> RecordedInputsAsync(IRunStore? history, CloudImage image, CancellationToken ct)
    {
        if (history is null || image.Tags.GetValueOrDefault(KilnTags.RunId) is not { } run) return null;
        try
        {
            var details = await history.GetRunAsync(new RunId(run), ct);
            if (details?.ResultJson is not { } json) return null;
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("inputs", out var element) && element.ValueKind == JsonValueKind.Object
                ? element.Deserialize<BakeInputs>(BakeResult.Json) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException) { return null; }
    }
}
