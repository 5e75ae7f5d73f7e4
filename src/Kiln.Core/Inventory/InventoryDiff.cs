namespace Kiln.Core.Inventory;

/// <summary>A package whose version (or architecture) differs between two images.</summary>
public sealed record PackageChange(string Name, string From, string To);

/// <summary>A file whose type, mode, owner or content differs between two images: what changed, in the order of
/// <see cref="InventoryDiff.FileAspects"/>.</summary>
public sealed record FileChange(string Path, IReadOnlyList<string> Changed, FileEntry From, FileEntry To);

public sealed record PackagesDifference(IReadOnlyList<PackageEntry> Added, IReadOnlyList<PackageEntry> Removed, IReadOnlyList<PackageChange> Changed);
public sealed record FilesDifference(IReadOnlyList<FileEntry> Added, IReadOnlyList<FileEntry> Removed, IReadOnlyList<FileChange> Changed);

/// <summary>What changed from image <see cref="From"/> to image <see cref="To"/>.</summary>
public sealed record InventoryDifference(string From, string To, PackagesDifference Packages, FilesDifference Files, IReadOnlyList<string> Inputs)
{
    /// <summary>The tasks Ansible changed while baking <see cref="To"/>: what its bake did on top of its source.</summary>
    public IReadOnlyList<AnsibleRecap> ChangedTasks { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Packages.Added.Count + Packages.Removed.Count + Packages.Changed.Count
        + Files.Added.Count + Files.Removed.Count + Files.Changed.Count == 0;
}

/// <summary>Compares two inventories: packages by name (and architecture, for multi-arch installs), files by path, and
/// the inputs by what the lineage records. Pure: everything is sorted ordinally so equal inputs give equal output.</summary>
public static class InventoryDiff
{
    /// <summary>The inputs' component for the extra vars (the bake's InputsReader.Vars): named var by var instead.</summary>
    public const string VarsComponent = "extra vars";
    public static readonly IReadOnlyList<string> FileAspects = ["type", "mode", "owner", "content"];

    public static InventoryDifference Between(string fromName, ImageInventory from, string toName, ImageInventory to) =>
        new(fromName, toName, Packages(from.Packages, to.Packages), Files(from.Files, to.Files), Inputs(from.Lineage, to.Lineage))
        {
            ChangedTasks = to.Ansible,
        };

    /// <summary>Keyed by name; a package installed for two architectures (dpkg multi-arch) is keyed by name:arch.</summary>
    public static PackagesDifference Packages(IReadOnlyList<PackageEntry> from, IReadOnlyList<PackageEntry> to)
    {
        var a = ByKey(from);
        var b = ByKey(to);
        var changed = a.Keys.Intersect(b.Keys).Where(k => a[k].Version != b[k].Version || a[k].Arch != b[k].Arch)
            .Order(StringComparer.Ordinal).Select(k => new PackageChange(a[k].Name, Describe(a[k]), Describe(b[k]))).ToList();
        return new([.. b.Keys.Except(a.Keys).Order(StringComparer.Ordinal).Select(k => b[k])],
            [.. a.Keys.Except(b.Keys).Order(StringComparer.Ordinal).Select(k => a[k])], changed);
    }

    private static Dictionary<string, PackageEntry> ByKey(IReadOnlyList<PackageEntry> packages)
    {
        var multiArch = packages.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return packages.DistinctBy(p => (p.Name, p.Arch))
            .ToDictionary(p => multiArch.Contains(p.Name) ? $"{p.Name}:{p.Arch}" : p.Name, StringComparer.Ordinal);
    }

    private static string Describe(PackageEntry p) => $"{p.Version} ({p.Arch})";

    public static FilesDifference Files(IReadOnlyList<FileEntry> from, IReadOnlyList<FileEntry> to)
    {
        var a = from.DistinctBy(f => f.Path).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var b = to.DistinctBy(f => f.Path).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changed = new List<FileChange>();
        foreach (var path in a.Keys.Intersect(b.Keys).Order(StringComparer.Ordinal))
        {
            var aspects = Aspects(a[path], b[path]);
            if (aspects.Count > 0) changed.Add(new FileChange(path, aspects, a[path], b[path]));
        }
        return new([.. b.Keys.Except(a.Keys).Order(StringComparer.Ordinal).Select(k => b[k])],
            [.. a.Keys.Except(b.Keys).Order(StringComparer.Ordinal).Select(k => a[k])], changed);
    }

    /// <summary>Size is not an aspect of its own: a regular file whose size differs has another hash, and a directory's
    /// size says only how its file system laid it out.</summary>
    private static List<string> Aspects(FileEntry a, FileEntry b)
    {
        var aspects = new List<string>();
        if (a.Type != b.Type) aspects.Add("type");
        if (a.Mode != b.Mode) aspects.Add("mode");
        if (a.Owner != b.Owner) aspects.Add("owner");
        if (a.Type == b.Type && a.Sha256 != b.Sha256) aspects.Add("content");
        return aspects;
    }

    /// <summary>Which inputs differ, in words: source image, playbook commit, extra vars by name, Kiln's version, then
    /// each other input of the digest by name.</summary>
    public static IReadOnlyList<string> Inputs(InventoryLineage a, InventoryLineage b)
    {
        var inputs = new List<string>();
        if (a.SourceImage != b.SourceImage) inputs.Add($"source image {Name(a.SourceImage, a.SourceName)} → {Name(b.SourceImage, b.SourceName)}");
        if (a.PlaybookCommit != b.PlaybookCommit || a.PlaybookDirty != b.PlaybookDirty)
            inputs.Add($"playbook commit {Commit(a)} → {Commit(b)}");
        var vars = a.Vars.Keys.Union(b.Vars.Keys).Where(k => a.Vars.GetValueOrDefault(k) != b.Vars.GetValueOrDefault(k))
            .Order(StringComparer.Ordinal).ToList();
        if (vars.Count > 0) inputs.Add("extra vars: " + string.Join(", ", vars));
        if (a.KilnVersion != b.KilnVersion) inputs.Add($"Kiln version {a.KilnVersion ?? "?"} → {b.KilnVersion ?? "?"}");
        foreach (var name in a.Components.Keys.Union(b.Components.Keys).Order(StringComparer.Ordinal))
            if (name != VarsComponent && a.Components.GetValueOrDefault(name) != b.Components.GetValueOrDefault(name))
                inputs.Add($"{name} changed");
        return inputs;
    }

    private static string Name(string? id, string? name) => id is null ? "?" : name is null ? id : $"{id} ({name})";

    private static string Commit(InventoryLineage l)
    {
        var commit = l.PlaybookCommit ?? "none";
        return (commit.Length > 12 ? commit[..12] : commit) + (l.PlaybookDirty ? " (dirty)" : "");
    }
}
