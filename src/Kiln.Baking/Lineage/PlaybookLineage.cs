using Kiln.Baking.Processes;

namespace Kiln.Baking.Lineage;

/// <summary>Which playbook commit an image was baked from: git HEAD of the playbook directory ("none" outside a
/// git work tree) and whether the tree had uncommitted changes.</summary>
public sealed record PlaybookLineage(string Commit, bool Dirty)
{
    public static readonly PlaybookLineage None = new("none", false);

    public static async Task<PlaybookLineage> ReadAsync(string? directory, CancellationToken ct)
    {
        if (directory is null || !Directory.Exists(directory)) return None;
        var head = await GitAsync(directory, ["rev-parse", "HEAD"], ct);
        if (head is null) return None;
        var status = await GitAsync(directory, ["status", "--porcelain", "--", "."], ct);
        return new PlaybookLineage(head.Trim(), !string.IsNullOrWhiteSpace(status));
    }

    private static async Task<string?> GitAsync(string directory, IReadOnlyList<string> args, CancellationToken ct)
    {
        var output = new List<string>();
        try
        {
            var result = await ChildProcess.RunAsync(new ProcessSpec("git", ["-C", directory, .. args]),
                (stream, line) => { if (stream == "stdout") output.Add(line); }, ct);
            return result.ExitCode == 0 ? string.Join('\n', output) : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no git installed: no lineage to record
    }
}
