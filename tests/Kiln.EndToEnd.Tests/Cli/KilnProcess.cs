using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>What a finished kiln process printed and how it ended.</summary>
public sealed record KilnResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>The built kiln binary (copied beside the test assembly) run as a user runs it: its own KILN_HOME, none of
/// the test runner's cloud, database or fault settings unless a test passes them, an empty standard input. Its
/// output is read line by line, so a test can wait for a line and then signal or kill it. Still running at Dispose:
/// SIGTERM (kiln cleans up), then SIGKILL after a grace.</summary>
public sealed class KilnProcess : IDisposable
{
    /// <summary>KILN_TEST_BINARY when set (test.sh names the precompiled build `./kiln` publishes, the one users run:
    /// each start costs less CPU than the JIT-compiled copy beside the tests), else the copy beside the tests.</summary>
    public static string Binary { get; } =
        Environment.GetEnvironmentVariable("KILN_TEST_BINARY") is { Length: > 0 } named ? named : Path.Combine(AppContext.BaseDirectory, "kiln");

    public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15;

    /// <summary>Variables of the test runner's environment that would change what kiln does.</summary>
    private static readonly string[] Cleared =
        ["KILN_DB", "KILN_CLOUD", "KILN_FAULTS", "KILN_TEST_PAUSE_AT", "KILN_FAMILY_WAIT_SECONDS", "AWS_PROFILE",
         "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2",
         "ANSIBLE_CONFIG"];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private KilnProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static KilnProcess Start(string home, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? home,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in Cleared) start.Environment.Remove(name);
        start.Environment["KILN_HOME"] = home;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var kiln = new KilnProcess(process);
        process.OutputDataReceived += (_, e) => kiln.Add(kiln._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => kiln.Add(kiln._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kiln;
    }

    public static async Task<KilnResult> RunAsync(string home, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        using var kiln = Start(home, args, env, workingDirectory);
        return await kiln.WaitAsync(timeout ?? TimeSpan.FromMinutes(5));
    }

    private void Add(StringBuilder sink, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            sink.Append(line).Append('\n');
            _lines.Add(line);
        }
    }

    /// <summary>Every line so far, stdout and stderr as they arrived.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    /// <summary>The first line (stdout or stderr) that matches; fails when the process ends or the time is up first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (Lines.FirstOrDefault(match) is { } late) return late;
                throw new InvalidOperationException($"kiln ended (exit {_process.ExitCode}) before the line awaited:\n{Snapshot()}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no such line within {timeout}:\n{Snapshot()}");
            await Task.Delay(50);
        }
    }

    /// <summary>`kill -9`: no handler runs, nothing is cleaned up (a crash, an OOM kill, a power cut for this process).</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited) Signal(_process.Id, SIGKILL);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM or SIGINT: what a service manager or Ctrl-C sends.</summary>
    public void Signal(int signal) => Signal(_process.Id, signal);

    public async Task<KilnResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Stop();
            throw new TimeoutException($"kiln {string.Join(' ', _process.StartInfo.ArgumentList)} did not end within {timeout}:\n{Snapshot()}");
        }
        lock (_gate) return new KilnResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString(), _watch.Elapsed);
    }

    private string Snapshot()
    {
        lock (_gate) return $"--- stdout\n{_stdout}\n--- stderr\n{_stderr}";
    }

    public static void Signal(int pid, int signal) => _ = kill(pid, signal);

    /// <summary>SIGTERM so kiln runs its cleanups, then SIGKILL after a grace.</summary>
    private void Stop()
    {
        if (_process.HasExited) return;
        Signal(_process.Id, SIGTERM);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60))) _process.Kill(entireProcessTree: true);
    }

    public void Dispose()
    {
        try { Stop(); }
        catch (InvalidOperationException) { /* never started or already reaped */ }
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
