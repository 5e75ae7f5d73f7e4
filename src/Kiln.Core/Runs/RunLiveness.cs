namespace Kiln.Core.Runs;

/// <summary>Whether an unfinished run's process is still alive, and why we think so.</summary>
public sealed record RunVerdict(RunSummary Run, bool Dead, string Reason);

/// <summary>Start times of processes on this host; null when there is no such process.</summary>
public interface IProcessTable
{
    DateTimeOffset? StartTimeOf(int pid);
}

/// <summary>Pure: judges an unfinished run from its host, pid and start time.</summary>
public static class RunLiveness
{
    /// <summary>Tolerance between a process's start and the run's recorded start (the record is written after the
    /// process started; /proc start times have whole-second precision).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>Every unfinished run of the store, judged.</summary>
    public static async Task<List<RunVerdict>> JudgeUnfinishedAsync(IRunStore store, string thisHost, IProcessTable processes,
        CancellationToken ct) =>
        (await store.ListUnfinishedRunsAsync(ct)).Select(r => Judge(r, thisHost, processes)).ToList();

    public static RunVerdict Judge(RunSummary run, string thisHost, IProcessTable processes)
    {
        if (!string.Equals(run.Host, thisHost, StringComparison.OrdinalIgnoreCase))
            return new(run, false, $"runs on host {run.Host}; run `kiln gc` there to judge it");
        var started = processes.StartTimeOf(run.Pid);
        if (started is null) return new(run, true, $"its process {run.Pid} on {run.Host} is gone");
        if (started > run.Started + Slack)
            return new(run, true, $"its process {run.Pid} is gone (the pid now belongs to a process started {started:u})");
        return new(run, false, $"its process {run.Pid} is still running");
    }
}

/// <summary>Linux: /proc/PID exists while the process lives; its start time is field 22 of /proc/PID/stat, in clock
/// ticks after boot (btime in /proc/stat). USER_HZ is 100 on every Linux ABI .NET runs on.</summary>
public sealed class ProcProcessTable : IProcessTable
{
    public DateTimeOffset? StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
            var btime = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal));
            var boot = DateTimeOffset.FromUnixTimeSeconds(long.Parse(btime[6..], System.Globalization.CultureInfo.InvariantCulture));
            return boot + TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Directory.Exists($"/proc/{pid}") ? DateTimeOffset.MinValue : null;
        }
    }
}
