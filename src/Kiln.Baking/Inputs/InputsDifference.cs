namespace Kiln.Baking.Inputs;

/// <summary>What differs between the inputs of an image and those of the bake about to run, in words: the source
/// image, the playbook files added, changed and removed, the extra vars by name, then each other input.</summary>
public static class InputsDifference
{
    private const int FilesShown = 8;

    /// <param name="source">The source this bake is compared with (see <see cref="UpToDateCheck"/>).</param>
    public static IReadOnlyList<string> Between(BakeInputs before, BakeInputs now, string source)
    {
        var changes = new List<string>();
        if (before.Source != source) changes.Add($"source image {before.Source} → {source}");
        if (Differs(before, now, InputsReader.Files)) changes.Add(Files(before.Files, now.Files));
        if (Differs(before, now, InputsReader.Vars)) changes.Add("extra vars changed: " + Names(before.Vars, now.Vars));
        foreach (var name in now.Components.Keys.Union(before.Components.Keys).Order(StringComparer.Ordinal))
            if (name is not (InputsReader.Files or InputsReader.Vars) && Differs(before, now, name)) changes.Add($"{name} changed");
        return changes;
    }

    private static bool Differs(BakeInputs a, BakeInputs b, string name) =>
        a.Components.GetValueOrDefault(name) != b.Components.GetValueOrDefault(name);

    private static string Files(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> now)
    {
        var added = now.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Except(now.Keys).Order(StringComparer.Ordinal).ToList();
        var changed = now.Keys.Intersect(before.Keys).Where(k => now[k] != before[k]).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (changed.Count > 0) parts.Add("changed " + List(changed));
        if (added.Count > 0) parts.Add("added " + List(added));
        if (removed.Count > 0) parts.Add("removed " + List(removed));
        return "playbook files: " + (parts.Count == 0 ? "changed" : string.Join("; ", parts));
    }

    private static string Names(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> now)
    {
        var names = now.Keys.Union(before.Keys).Where(k => now.GetValueOrDefault(k) != before.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "(order)" : List(names);
    }

    private static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(FilesShown)) + (items.Count > FilesShown ? $" and {items.Count - FilesShown} more" : "");
}
