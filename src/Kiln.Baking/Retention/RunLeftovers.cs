namespace Kiln.Baking.Retention;

/// <summary>What a killed run leaves on this machine besides cloud resources: its ansible-playbook and ssh control
/// masters (started in their own sessions, so they outlive `kill -9` of Kiln: ControlPersist keeps a master 60 s),
/// and its run directory with the temporary private key. Both are found by the run directory's path, which every one
/// of those processes names on its command line (inventory, `-i key.pem`, ControlPath).</summary>
public static class RunLeftovers
{
    /// <summary>Kills the processes naming <paramref name="runDirectory"/>, then deletes it. Returns what it did.</summary>
    public static IReadOnlyList<string> Remove(string runDirectory)
    {
        var done = new List<string>();
        foreach (var pid in ProcessesNaming(runDirectory))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                done.Add($"stopped process {pid} of the dead run");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { /* it ended */ }
        }
        if (Directory.Exists(runDirectory))
        {
            Directory.Delete(runDirectory, recursive: true);
            done.Add($"deleted {runDirectory} (the run's temporary key and inventory)");
        }
        return done;
    }

    private static IEnumerable<int> ProcessesNaming(string runDirectory)
    {
        if (!Directory.Exists("/proc")) yield break;
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (cmdline.Contains(runDirectory, StringComparison.Ordinal)) yield return pid;
        }
    }
}
