using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Core.Inventory;

namespace Kiln.Cli.Commands.Diff;

/// <summary>A difference as `kiln diff` prints it: `+` added, `-` removed, `~` changed, like a unified diff's margin.</summary>
public static class DiffText
{
    /// <summary>`--json`, with a serializer made at compile time (<see cref="DiffJson"/>): the Native AOT build has no
    /// reflection-based serializer for records with value-type members.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, TypeInfoResolver = DiffJson.Default };

    public static void Write(TextWriter w, InventoryDifference d)
    {
        w.WriteLine($"{d.From} → {d.To}");
        w.WriteLine(d.Inputs.Count == 0 ? "inputs: the same" : "inputs:");
        foreach (var input in d.Inputs) w.WriteLine($"  {input}");
        var p = d.Packages;
        w.WriteLine($"packages: {p.Added.Count} added, {p.Removed.Count} removed, {p.Changed.Count} changed");
        foreach (var a in p.Added) w.WriteLine($"  + {a.Name} {a.Version} ({a.Arch})");
        foreach (var r in p.Removed) w.WriteLine($"  - {r.Name} {r.Version} ({r.Arch})");
        foreach (var c in p.Changed) w.WriteLine($"  ~ {c.Name} {c.From} → {c.To}");
        var f = d.Files;
        w.WriteLine($"files: {f.Added.Count} added, {f.Removed.Count} removed, {f.Changed.Count} changed");
        foreach (var a in f.Added) w.WriteLine($"  + {a.Path} ({Describe(a)})");
        foreach (var r in f.Removed) w.WriteLine($"  - {r.Path} ({Describe(r)})");
        foreach (var c in f.Changed) w.WriteLine($"  ~ {c.Path}: {string.Join(", ", c.Changed.Select(aspect => Change(aspect, c)))}");
        if (d.ChangedTasks.Count == 0) w.WriteLine("changed tasks: none recorded");
        foreach (var recap in d.ChangedTasks)
        {
            w.WriteLine($"changed tasks ({recap.Playbook}): {recap.Changed}");
            foreach (var t in recap.Tasks) w.WriteLine($"  ~ {t.Play}: {t.Task}");
        }
    }

    private static string Describe(FileEntry e) => $"{e.Type} {e.Mode} {e.Owner}" + (e.Type == "f" ? $" {e.Size} bytes" : "");

    private static string Change(string aspect, FileChange c) => aspect switch
    {
        "type" => $"type {c.From.Type} → {c.To.Type}",
        "mode" => $"mode {c.From.Mode} → {c.To.Mode}",
        "owner" => $"owner {c.From.Owner} → {c.To.Owner}",
        _ => $"content ({c.From.Size} → {c.To.Size} bytes)",
    };
}

[JsonSerializable(typeof(InventoryDifference))]
internal sealed partial class DiffJson : JsonSerializerContext;
