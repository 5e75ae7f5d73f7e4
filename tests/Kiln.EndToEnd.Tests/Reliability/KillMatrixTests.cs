using System.Collections.Concurrent;
using System.Diagnostics;
using Kiln.Baking.Testing;
using Kiln.EndToEnd.Tests.Cli;
using Xunit.Abstractions;

namespace Kiln.EndToEnd.Tests.Reliability;

/// <summary>
/// `kill -9` of Kiln at every step boundary and in the middle of the steps that create something (between the cloud
/// call and the ledger write: only gc's tag sweep can find those), during Ansible, and during the cleanups. After each:
/// `kiln gc` leaves nothing temporary of the run and no half-made image, the run is recorded as interrupted, no process
/// of the run is left, and the next bake of the family succeeds. Points run in three lanes (the bakes overlap; the
/// kill-to-gc part runs one lane at a time, so each gc's effect is measured alone and a live lane's resources are
/// there for gc to wrongly take).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillMatrixTests(ReliabilityCloud cloud, ITestOutputHelper output)
{
    /// <param name="Point">KILN_TEST_PAUSE_AT, or null to kill while Ansible runs a 60-second task.</param>
    /// <param name="LeavesSomething">The cloud holds something of the run when it is killed there.</param>
    /// <param name="ImageMade">The image was finished: the next bake of the family needs the next minute's name.</param>
    public sealed record KillPoint(string Label, string? Point, bool LeavesSomething, bool ImageMade = false);

    public static readonly KillPoint[] Points =
    [
        new("before check inputs", "check inputs:before", false),
        new("before resolve source", "resolve source:before", false),
        new("before create key pair", "create key pair:before", false),
        new("mid create key pair (not in the ledger yet)", "create key pair:mid", true),
        new("before create security group", "create security group:before", true),
        new("mid create security group (not in the ledger yet)", "create security group:mid", true),
        new("before run instance", "run instance:before", true),
        new("mid run instance (not in the ledger yet)", "run instance:mid", true),
        new("mid wait for ssh", "wait for ssh:mid", true),
        new("during Ansible (mid task)", null, true),
        new("before remove temporary key", "remove temporary key:before", true),
        new("before stop instance", "stop instance:before", true),
        new("mid stop instance", "stop instance:mid", true),
        new("before create image", "create image:before", true),
        new("mid create image (not in the ledger yet)", "create image:mid", true),
        new("before wait for image", "wait for image:before", true),
        new("mid wait for image (available, not complete)", "wait for image:mid", true),
        new("cleanup: before terminating the instance", "run instance:cleanup", true, ImageMade: true),
        new("cleanup: before deleting the key pair", "create key pair:cleanup", true, ImageMade: true),
        new("before retention", "retention:before", false, ImageMade: true),
    ];

    private readonly SemaphoreSlim _killToGc = new(1, 1);
    private readonly ConcurrentQueue<string> _gcLog = new();
    private readonly ConcurrentQueue<TimeSpan> _turnWaits = new();

    [Fact]
    public async Task Kill_9_at_20_points_then_gc_leaves_nothing_marks_the_run_interrupted_and_the_next_bake_succeeds()
    {
        var tiny = Playbooks.Tiny();
        var slow = Playbooks.Tiny(SlowTask);
        var watch = Stopwatch.StartNew();
        var queue = new ConcurrentQueue<KillPoint>(Points);
        var report = new ConcurrentBag<string>();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var point))
                    await KillAtAsync(point, tiny, slow, report);
            })));
        }
        finally
        {
            foreach (var line in _gcLog) output.WriteLine($"gc after a kill {line}");
        }

        Assert.Empty(await cloud.LeftoversAsync());
        foreach (var line in report.OrderBy(l => l)) output.WriteLine(line);
        output.WriteLine($"{Points.Length} kill points in {watch.Elapsed.TotalSeconds:0} s; lanes waited {_turnWaits.Sum(w => w.TotalSeconds):0} s in all for their kill-to-gc turn");
    }

    private const string SlowTask = """
            - name: a long task, killed in its middle
              command: sleep 60
              tags: [dev-api]
        """;

    private async Task KillAtAsync(KillPoint point, string tiny, string slow, ConcurrentBag<string> report)
    {
        var account = Playbooks.NewAccount("k");
        var env = point.Point is null ? new Dictionary<string, string>() : new() { [PausePoints.Variable] = point.Point };
        using var bake = KilnProcess.Start(cloud.Home, ["bake", account, "dev", "api", "--dir", point.Point is null ? slow : tiny], env);
        try
        {
            if (point.Point is null)
            {
                await bake.WaitForLineAsync(l => l.StartsWith("TASK [a long task", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
                await Task.Delay(500);
            }
            else await bake.WaitForLineAsync(l => l.StartsWith(PausePoints.Marker, StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"{point.Label}: {e.Message}\n{await cloud.DiagnosticsAsync()}", e);
        }

        var waiting = Stopwatch.StartNew();
        await _killToGc.WaitAsync();
        _turnWaits.Enqueue(waiting.Elapsed);
        try
        {
            await bake.KillHardAsync();
            var family = $"{account}-dev-api-base";
            var run = await Runs.NewestRunOfAsync(cloud, family);
            Assert.Equal("running", Runs.Outcome(await Runs.ShowAsync(cloud, run)));
            var left = await cloud.LeftoversAsync(run);
            Assert.True(point.LeavesSomething == left.Count > 0, $"{point.Label}: left at the kill: [{string.Join("; ", left)}]");
            if (point.Point is null)
            {
                Assert.Contains(left, l => l.StartsWith("instance", StringComparison.Ordinal) && l.EndsWith("Running", StringComparison.Ordinal));
                Assert.NotEmpty(Runs.ProcessesOf(run)); // ansible-playbook lives on after Kiln's death, until gc
            }

            var gc = await cloud.KilnAsync("gc");
            _gcLog.Enqueue($"{point.Label}: {gc.Stdout.Trim()}");
            Assert.True(gc.ExitCode == 0, $"{point.Label}: {gc}");
            Assert.Empty(await cloud.LeftoversAsync(run));
            var record = await Runs.ShowAsync(cloud, run);
            Assert.Equal("interrupted", Runs.Outcome(record));
            Assert.False(Directory.Exists(Path.Combine(cloud.Home, "runs", run)), $"{point.Label}: the run directory (temporary key) is still there");
            await NoProcessOfAsync(run, point);
            report.Add($"{point.Label,-52} left at the kill: {(left.Count == 0 ? "nothing" : string.Join(", ", left))}; gc {gc.Elapsed.TotalSeconds:0.0} s");
        }
        finally { _killToGc.Release(); }

        // A finished image holds its name for the rest of the minute it was baked in: its family bakes again a minute on.
        await NextBakeSucceedsAsync(point, account, tiny, minuteOn: point.ImageMade);
    }

    /// <summary>gc stops what the dead run started (ansible-playbook, ssh masters); a process may take a moment to go.</summary>
    private static async Task NoProcessOfAsync(string run, KillPoint point)
    {
        for (var i = 0; i < 50 && Runs.ProcessesOf(run).Count > 0; i++) await Task.Delay(100);
        Assert.True(Runs.ProcessesOf(run).Count == 0, $"{point.Label}: {string.Join("\n", Runs.ProcessesOf(run))}");
    }

    private async Task NextBakeSucceedsAsync(KillPoint point, string account, string tiny, bool minuteOn = false)
    {
        var clock = minuteOn ? new Dictionary<string, string> { [TestClock.Variable] = "60" } : [];
        var next = await cloud.KilnAsync(clock, "bake", account, "dev", "api", "--dir", tiny);
        Assert.True(next.ExitCode == 0, $"next bake after a kill {point.Label}: {next}\n{(next.ExitCode == 0 ? "" : await cloud.DiagnosticsAsync())}");
    }
}
