using System.Diagnostics;
using Kiln.Baking.Processes;

namespace Kiln.Baking.Tests.Processes;

public class ChildProcessTests
{
    [Fact]
    public async Task Lines_arrive_as_they_are_written_not_at_exit()
    {
        var first = new TaskCompletionSource<TimeSpan>();
        var watch = Stopwatch.StartNew();
        var run = ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", "echo one; sleep 1; echo two >&2"]),
            (stream, line) => { if (line == "one") first.TrySetResult(watch.Elapsed); }, CancellationToken.None);
        var result = await run;
        var ended = watch.Elapsed;
        Assert.Equal(0, result.ExitCode);
        // Measured against the exit, not the start: on a loaded machine the shell itself may take a second to start.
        var arrived = await first.Task;
        Assert.True(ended - arrived > TimeSpan.FromMilliseconds(500),
            $"the first line came {arrived.TotalMilliseconds:0} ms after the start, only {(ended - arrived).TotalMilliseconds:0} ms before the exit");
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_process_tree()
    {
                using var cts = new CancellationTokenSource();
        var pids = new List<int>();
        // A grandchild in the background, as ansible's workers and ssh masters are.
        var run = ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", "sleep 300 & echo $!; echo $$; exec sleep 300"]),
            (_, line) => { if (int.TryParse(line, out var pid)) { pids.Add(pid); cts.Cancel(); } }, cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await Task.Delay(300);
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}") && !IsZombie(pid), $"process {pid} survived"));
    }

    private static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z'); }
        catch (IOException) { return true; }
    }

    [Fact]
    public async Task Standard_input_is_fed_and_closed()
    {
        var lines = new List<string>();
        var result = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", "tr a-z A-Z"])
        {
            StandardInput = (s, t) => s.WriteAsync("hello\n"u8.ToArray(), t).AsTask(),
        }, (_, l) => lines.Add(l), CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["HELLO"], lines);
    }

    [Fact]
    public async Task A_child_never_shares_the_callers_input()
    {
        var lines = new List<string>();
        var result = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-c", "readlink /proc/self/fd/0; cat; echo end"]),
            (_, l) => lines.Add(l), CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(new FileInfo("/proc/self/fd/0").LinkTarget, lines[0]);
        Assert.Equal("end", lines[1]); // cat read an empty, closed input
    }
}
