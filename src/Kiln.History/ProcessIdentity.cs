namespace Kiln.History;

/// <summary>Who holds a lock row: host, pid, and the process's start (boot id + start time in clock ticks, field 22
/// of /proc/PID/stat). The start time tells a live holder from a new process that got the same pid after a crash;
/// the boot id does the same across a reboot, when start times restart from zero.</summary>
internal static class ProcessIdentity
{
    private static readonly Lazy<string> BootId = new(() =>
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "no-boot-id"; }
    });

    public static string Host => Environment.MachineName;
    public static int Pid => Environment.ProcessId;
    public static string? Start => StartOf(Environment.ProcessId);

    /// <summary>Null when the process does not exist, or there is no /proc to ask.</summary>
    public static string? StartOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{BootId.Value}:{fields[19]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException) { return null; }
    }

    /// <summary>True only when it is certain: the pid is gone, or now belongs to a process started later.
    /// Without /proc nothing is certain, and a lock is never broken on a guess.</summary>
    public static bool IsGone(int pid, string? recordedStart)
    {
        if (!Directory.Exists("/proc/self")) return false;
        var now = StartOf(pid);
        return now is null || (recordedStart is not null && now != recordedStart);
    }
}
