namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>This machine's live processes, read from /proc: to prove a cancelled run left no child behind.</summary>
public static class ProcessTable
{
    /// <summary>"pid: command line" of every live (not zombie) process whose command line contains one of the words.</summary>
    public static IReadOnlyList<string> Mentioning(params string[] words)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (cmdline.Length == 0 || !words.Any(w => cmdline.Contains(w, StringComparison.Ordinal))) continue;
                var state = File.ReadAllText(Path.Combine(dir, "stat")).Split(") ", 2)[1][0];
                if (state != 'Z') found.Add($"{pid}: {cmdline}");
            }
            catch (IOException) { /* the process ended while being read */ }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
