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
        // One git process gives both: the `# branch.oid` header is HEAD ("(initial)" before the first commit), every
        // other line a change under the directory, untracked files included.
        var lines = await GitAsync(directory, ["status", "--porcelain=v2", "--branch", "--", "."], ct);
        const string oid = "# branch.oid ";
        var head = lines?.FirstOrDefault(l => l.StartsWith(oid, StringComparison.Ordinal))?[oid.Length..].Trim();
        if (head is null or "(initial)") return None;
        return new PlaybookLineage(head, lines!.Any(l => !l.StartsWith('#')));
    }

    private static async Task<List<string>?> GitAsync(string directory, IReadOnlyList<string> args, CancellationToken ct)
    {
        var output = new List<string>();
        try
        {
            var result = await ChildProcess.RunAsync(new ProcessSpec("git", ["-C", directory, .. args]),
                (stream, line) => { if (stream == "stdout") output.Add(line); }, ct);
            return result.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no git installed: no lineage to record
    }
}
