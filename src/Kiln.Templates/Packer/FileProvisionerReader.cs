using Kiln.Core.Baking;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>Packer's `file` provisioner → <see cref="FileProvisionerSpec"/>: upload local files (which must exist
/// unless `generated`) or download remote ones.</summary>
internal static class FileProvisionerReader
{
    public static FileProvisionerSpec? Read(OptionReader o, PackerReadContext rc)
    {
        var direction = o.String("direction") ?? "upload";
        if (direction is not ("upload" or "download"))
            o.Problems.At(o.Node("direction")!, $"'{direction}' is not a direction: use upload or download");
        var generated = o.Bool("generated") ?? false;
        var sources = new List<string>();
        if (o.String("source") is { } one) sources.Add(one);
        sources.AddRange(o.StringList("sources") ?? []);
        if (o.Has("source") && o.Has("sources")) o.Problems.At(o.Map, "give source or sources, not both");
        if (sources.Count == 0) o.Problems.At(o.Map, "a file provisioner needs source or sources");
        var destination = o.String("destination");
        if (string.IsNullOrEmpty(destination)) o.Problems.At(o.Map, "destination is required");

        if (direction == "upload")
        {
            var node = o.Node("source") ?? o.Node("sources") ?? o.Map;
            sources = sources.Select(s => generated ? rc.FullPath(s) : Existing(node, s, rc)).OfType<string>().ToList();
        }
        else if (destination is { Length: > 0 }) destination = rc.FullPath(destination);

        return new FileProvisionerSpec { Sources = sources, Destination = destination ?? "", Direction = direction };
    }

    private static string? Existing(ConfigNode node, string path, PackerReadContext rc)
    {
        var full = rc.FullPath(path);
        if (File.Exists(full) || Directory.Exists(full)) return path.EndsWith('/') ? full + "/" : full;
        rc.Problems.At(node, $"source '{path}' does not exist (looked for {full}; relative paths start in the directory kiln runs in); set \"generated\": true if an earlier step creates it");
        return null;
    }
}
