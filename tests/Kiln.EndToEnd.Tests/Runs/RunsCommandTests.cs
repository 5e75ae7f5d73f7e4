using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.History;

namespace Kiln.EndToEnd.Tests.Runs;

/// <summary>`kiln runs` as a user runs it: the built kiln binary, its own KILN_HOME, a history written by the real store.</summary>
public sealed class RunsCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 38, 0, TimeSpan.Zero);
    private readonly string _home = Directory.CreateTempSubdirectory("kiln-runs-cli-").FullName;
    private SqliteRunStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteRunStore(new KilnPaths(_home).HistoryDatabase);
        await Seed("kiln-a", "fam-a", T0, RunOutcome.Succeeded, "ami-0aaa");
        await Seed("kiln-b", "fam-b", T0.AddHours(1), RunOutcome.Failed, null);
        await _store.RecordStepAsync(Id("kiln-b"), new StepRecord("create-key-pair", T0.AddHours(1), TimeSpan.FromMilliseconds(350), "Succeeded"), default);
        await _store.RecordStepAsync(Id("kiln-b"), new StepRecord("run-instance", T0.AddHours(1), TimeSpan.FromSeconds(9), "Failed", "no capacity"), default);
        await _store.RecordResourceAsync(Id("kiln-b"), ResourceKind.KeyPair, "kiln-b-key", default);
        await _store.SetResourceStateAsync(Id("kiln-b"), ResourceKind.KeyPair, "kiln-b-key", CleanupState.Cleaned, default);
        await _store.RecordResourceAsync(Id("kiln-b"), ResourceKind.Instance, "i-0bbb", default);
        await _store.AppendLogAsync(Id("kiln-b"), [(T0, "kiln", "starting [red]markup stays text[/]"), (T0, "ansible", "TASK [ping]")], default);
    }

    private async Task Seed(string id, string family, DateTimeOffset started, RunOutcome outcome, string? image)
    {
        await _store.CreateRunAsync(new RunStart(Id(id), "bake", family, "bake x y z", "alice", "local", started, "h", 1), default);
        await _store.FinishRunAsync(Id(id), outcome, outcome == RunOutcome.Failed ? "step run-instance failed" : null, image, null, default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_home, true);
    }

    private static RunId Id(string id) => new(id);

    [Fact]
    public async Task Runs_lists_newest_first_and_filters_by_family_and_outcome()
    {
        var all = await Kiln("runs", "--json");
        Assert.Equal(["kiln-b", "kiln-a"], Ids(all.Stdout));
        Assert.Equal(["kiln-a"], Ids((await Kiln("runs", "--json", "--family", "fam-a")).Stdout));
        Assert.Equal(["kiln-b"], Ids((await Kiln("runs", "--json", "--outcome", "failed")).Stdout));
        Assert.Equal(["kiln-b"], Ids((await Kiln("runs", "--json", "--limit", "1")).Stdout));
        var table = (await Kiln("runs")).Stdout;
        Assert.Contains("kiln-a", table);
        Assert.Contains("ami-0aaa", table);
        Assert.Contains("failed", table);
    }

    [Fact]
    public async Task Runs_show_gives_steps_with_durations_resources_with_cleanup_state_and_the_error()
    {
        using var json = JsonDocument.Parse((await Kiln("runs", "show", "kiln-b", "--json")).Stdout);
        var root = json.RootElement;
        Assert.Equal("step run-instance failed", root.GetProperty("run").GetProperty("error").GetString());
        Assert.Equal([("create-key-pair", 0.35), ("run-instance", 9.0)],
            root.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("durationSeconds").GetDouble())));
        Assert.Equal([("kiln-b-key", "cleaned"), ("i-0bbb", "live")],
            root.GetProperty("resources").EnumerateArray().Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("state").GetString()!)));
        var text = (await Kiln("runs", "show", "kiln-b")).Stdout;
        Assert.Contains("no capacity", text);
        Assert.Contains("i-0bbb", text);
    }

    [Fact]
    public async Task An_unknown_run_or_a_bad_filter_is_bad_input()
    {
        var show = await Kiln("runs", "show", "kiln-nope");
        Assert.Equal(2, show.ExitCode);
        Assert.Contains("no run 'kiln-nope'", show.Stderr);
        Assert.Equal(2, (await Kiln("runs", "log", "kiln-nope")).ExitCode);
        var bad = await Kiln("runs", "--outcome", "great", "--limit", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--outcome 'great'", bad.Stderr);
        Assert.Contains("--limit 0", bad.Stderr);
        var db = await Kiln("runs", "--db", "mysql://root:hunter22@db/kiln");
        Assert.Equal(2, db.ExitCode);
        Assert.DoesNotContain("hunter22", db.Stderr);
    }

    [Fact]
    public async Task Runs_log_prints_the_stored_lines_as_plain_text()
    {
        var log = await Kiln("runs", "log", "kiln-b");
        Assert.Equal(0, log.ExitCode);
        Assert.Equal(["kiln    starting [red]markup stays text[/]", "ansible TASK [ping]"],
            log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[9..]));
    }

    [Fact]
    public async Task Runs_log_follow_prints_lines_as_another_process_writes_them_and_ends_with_the_run()
    {
        await _store.CreateRunAsync(new RunStart(Id("kiln-live"), "bake", "fam-a", "bake", "alice", "local", T0, "h", 1), default);
        var follow = Kiln("runs", "log", "kiln-live", "--follow");
        await using (var log = new RunLogWriter(_store, Id("kiln-live"), null, TimeProvider.System))
        {
            log.AddSecret("s3cret-vault");
            for (var i = 1; i <= 3; i++)
            {
                log.Write("kiln", $"line {i} s3cret-vault");
                await Task.Delay(300);
            }
            Assert.False(follow.IsCompleted);
        }
        await _store.FinishRunAsync(Id("kiln-live"), RunOutcome.Succeeded, null, null, null, default);
        var result = await follow.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["line 1 ***", "line 2 ***", "line 3 ***"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[17..]));
    }

    private static string[] Ids(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];

    private Task<KilnResult> Kiln(params string[] args) => new KilnCli(_home).RunAsync(args);
}
