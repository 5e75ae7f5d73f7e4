using Kiln.Core.Inventory;

namespace Kiln.Baking.Inventory;

/// <summary>Reads <see cref="InventoryCommand"/>'s output. Lines it cannot read are counted, not fatal: a path with a
/// newline in it splits its line, and sha256sum escapes such a name with a leading backslash.</summary>
public static class InventoryParser
{
    public sealed record Parsed(IReadOnlyList<PackageEntry> Packages, IReadOnlyList<FileEntry> Files, int Skipped);

    public static Parsed Parse(IEnumerable<string> lines)
    {
        var packages = new List<PackageEntry>();
        var roots = new List<(string Path, string Device)>();
        var entries = new List<(string Device, string Type, string Mode, string Owner, long Size, string Path)>();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            switch (f[0])
            {
                case "P" when f.Length == 4 && f[1].Length > 0: packages.Add(new PackageEntry(f[1], f[2], f[3])); break;
                case "R" when f.Length == 3: roots.Add((f[2].TrimEnd('/'), f[1])); break;
                case "E" when f.Length >= 7 && long.TryParse(f[5], out var size):
                    entries.Add((f[1], f[2], f[3], f[4], size, string.Join('\t', f[6..]))); break;
                case "H" when line.Length > 68 && line[66] == ' ' && line[67] is ' ' or '*':
                    hashes[line[68..]] = line[2..66]; break;
                default: skipped++; break;
            }
        }
        var files = entries.Where(e => OnItsRootDevice(e.Path, e.Device, roots))
            .Select(e => new FileEntry(e.Path, e.Type, e.Mode, e.Owner, e.Size, e.Type == "f" ? hashes.GetValueOrDefault(e.Path) : null))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        return new Parsed([.. packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Arch, StringComparer.Ordinal)], files, skipped);
    }

    /// <summary>The longest root the path is under decides; a path under no listed root is kept.</summary>
    private static bool OnItsRootDevice(string path, string device, List<(string Path, string Device)> roots)
    {
        var root = roots.Where(r => path == r.Path || path.StartsWith(r.Path + "/", StringComparison.Ordinal))
            .OrderByDescending(r => r.Path.Length).FirstOrDefault();
        return root.Path is null || root.Device == device;
    }
}
