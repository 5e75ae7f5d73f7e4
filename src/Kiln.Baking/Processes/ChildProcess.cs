using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Kiln.Baking.Processes;

/// <summary>Runs a child in its own session (`setsid`), streams its output line by line, and on cancellation
/// kills its whole process group. Its own session because a terminal's Ctrl-C goes to the foreground process
/// group: without it ansible-playbook would die on its own, half-applied, before Kiln decides anything.</summary>
public static class ChildProcess
{
    /// <summary>Time a group gets between SIGTERM and SIGKILL: ansible-playbook stops its workers on SIGTERM.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(2);

    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, Action<string, string> onLine, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            // Never the caller's input: a child that shares it could steal a terminal's keystrokes, and
            // ansible refuses to start when whoever else holds it has made it non-blocking.
            RedirectStandardInput = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var a in spec.Arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in spec.Environment) info.Environment[k] = v;
        if (spec.WorkingDirectory is not null) info.WorkingDirectory = spec.WorkingDirectory;

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {spec.FileName}");
        // The child is not a process-group leader, so setsid calls setsid() and execs in place: its pid is the group id.
        var group = process.Id;
        // Off the cancelling thread: a Ctrl-C handler must not wait out the kill grace.
        await using var onCancel = ct.Register(() => _ = Task.Run(() => KillGroup(process, group)));
        var stdout = spec.StandardOutput is { } sink
            ? sink(process.StandardOutput.BaseStream, CancellationToken.None)
            : PumpAsync(process.StandardOutput, "stdout", onLine);
        var stderr = PumpAsync(process.StandardError, "stderr", onLine);
        try
        {
            if (spec.StandardInput is { } feed) await feed(process.StandardInput.BaseStream, ct);
        }
        catch (IOException) { /* the child closed its input early; its exit code tells why */ }
        finally { process.StandardInput.Close(); }
        await process.WaitForExitAsync(CancellationToken.None);
        // A background grandchild may still hold the pipes open: give it a moment, then end the group.
        var pumps = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(pumps, Task.Delay(PipeGrace, CancellationToken.None)) != pumps) _ = kill(-group, SIGKILL);
        await pumps;
        ct.ThrowIfCancellationRequested();
        return new ProcessResult(process.ExitCode, watch.Elapsed);
    }

    private static async Task PumpAsync(StreamReader reader, string stream, Action<string, string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line) onLine(stream, line);
    }

    private static void KillGroup(Process process, int group)
    {
        // The group is signalled even when its leader has exited: its other members may live on.
        _ = kill(-group, SIGTERM);
        try
        {
            if (!process.WaitForExit(KillGrace)) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException) { /* already gone */ }
        Thread.Sleep(200);
        _ = kill(-group, SIGKILL);
    }

    private const int SIGTERM = 15, SIGKILL = 9;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
