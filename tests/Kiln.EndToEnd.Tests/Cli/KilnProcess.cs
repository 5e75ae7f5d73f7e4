using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>How one kiln invocation ended: its exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A running kiln binary: its lines as they arrive (for waiting on a line), signals (Ctrl-C is SIGINT),
/// and its end. A process still running at Dispose gets SIGTERM (kiln then cleans up), then SIGKILL.</summary>
public sealed class KilnProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new(), _stderr = new();
    private readonly Task _pumps;
    private event Action? LineArrived;

    internal KilnProcess(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true; // its own, empty input: never the test host's
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _process.StandardInput.Close();
        _pumps = Task.WhenAll(Pump(_process.StandardOutput, _stdout), Pump(_process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    /// <summary>Every line so far, stdout then stderr order lost: for waiting on a line, not for ordering.</summary>
    public IEnumerable<string> Lines => _stdout.Concat(_stderr);

    private async Task Pump(StreamReader reader, ConcurrentQueue<string> into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            into.Enqueue(line);
            LineArrived?.Invoke();
        }
    }

    /// <summary>Waits until a line matches; fails with the output so far when the process ends first or time runs out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check() { if (Lines.Any(match)) seen.TrySetResult(); }
        LineArrived += Check;
        try
        {
            Check();
            var ended = _pumps;
            var first = await Task.WhenAny(seen.Task, ended, Task.Delay(timeout));
            if (first != seen.Task && !Lines.Any(match))
                throw new TimeoutException($"kiln {(first == ended ? "ended" : "ran on")} without the expected line:\n{string.Join('\n', Lines)}");
            return Lines.First(match);
        }
        finally { LineArrived -= Check; }
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15;

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Stop();
            throw new TimeoutException($"kiln did not finish within {timeout}:\n{string.Join('\n', Lines)}");
        }
        await _pumps;
        return new CliResult(_process.ExitCode, Joined(_stdout), Joined(_stderr));
    }

    private static string Joined(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>SIGTERM so kiln runs its cleanups, then SIGKILL after a grace.</summary>
    private void Stop()
    {
        if (_process.HasExited) return;
        _ = kill(_process.Id, SIGTERM);
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
