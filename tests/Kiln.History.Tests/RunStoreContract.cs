using Kiln.Core.Runs;
using Microsoft.Extensions.Time.Testing;
using static Kiln.History.Tests.TestRuns;

namespace Kiln.History.Tests;

/// <summary>What every history store must do, run against SQLite and PostgreSQL alike.</summary>
public abstract partial class RunStoreContract : IAsyncLifetime
{
    private readonly List<IRunHistory> _opened = [];
    protected readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A new store over this test's database (each call another instance: another connection pool).</summary>
    protected abstract IRunHistory NewStore(TimeProvider clock);
    /// <summary>Leaves the family's lock held by <paramref name="run"/> on behalf of a holder that has since died.</summary>
    protected abstract Task LeaveLockOfDeadHolderAsync(IRunHistory store, string family, string run);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
    }

    protected async Task<IRunHistory> OpenAsync(TimeProvider? clock = null)
    {
        var store = NewStore(clock ?? TimeProvider.System);
        _opened.Add(store);
        await store.MigrateAsync(Ct);
        return store;
    }

    [SkippableFact]
    public async Task A_created_run_is_running_until_finished_with_its_outcome_image_and_result()
    {
        var clock = new FakeTimeProvider(T0.AddMinutes(5));
        var store = await OpenAsync(clock);
        await store.CreateRunAsync(Start("r1", job: "nightly"), Ct);

        var running = (await store.GetRunAsync(Id("r1"), Ct))!.Run;
        Assert.Equal((RunOutcome.Running, (DateTimeOffset?)null, T0, "nightly", 4242, "alice"),
            (running.Outcome, running.Finished, running.Started, running.Job, running.Pid, running.User));

        await store.FinishRunAsync(Id("r1"), RunOutcome.Succeeded, null, "ami-0abc", """{"image":"ami-0abc"}""", Ct);
        var done = (await store.GetRunAsync(Id("r1"), Ct))!;
        Assert.Equal((RunOutcome.Succeeded, (DateTimeOffset?)T0.AddMinutes(5), "ami-0abc", (string?)null),
            (done.Run.Outcome, done.Run.Finished, done.Run.Image, done.Run.Error));
        Assert.Equal("""{"image":"ami-0abc"}""", done.ResultJson);
    }

    [SkippableFact]
    public async Task An_unknown_run_reads_as_null_and_cannot_be_finished_or_logged()
    {
        var store = await OpenAsync();
        Assert.Null(await store.GetRunAsync(Id("nope"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.FinishRunAsync(Id("nope"), RunOutcome.Failed, "x", null, null, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendLogAsync(Id("nope"), [(T0, "kiln", "x")], Ct));
    }

    [SkippableFact]
    public async Task Creating_a_run_twice_fails_rather_than_overwriting_the_record()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => store.CreateRunAsync(Start("r1", family: "other"), Ct));
        Assert.Equal("hoge-dev-api-base", (await store.GetRunAsync(Id("r1"), Ct))!.Run.Family);
    }

    [SkippableFact]
    public async Task A_step_is_upserted_by_name_from_started_to_finished()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await store.RecordStepAsync(Id("r1"), new StepRecord("create-key-pair", T0, null, "Running"), Ct);
        await store.RecordStepAsync(Id("r1"), new StepRecord("run-instance", T0.AddSeconds(2), null, "Running"), Ct);
        await store.RecordStepAsync(Id("r1"), new StepRecord("create-key-pair", T0, TimeSpan.FromMilliseconds(1234), "Succeeded"), Ct);
        await store.RecordStepAsync(Id("r1"), new StepRecord("run-instance", T0.AddSeconds(2), TimeSpan.FromSeconds(3), "Failed", "capacity"), Ct);

        var steps = (await store.GetRunAsync(Id("r1"), Ct))!.Steps;
        Assert.Equal([
            new StepRecord("create-key-pair", T0, TimeSpan.FromMilliseconds(1234), "Succeeded"),
            new StepRecord("run-instance", T0.AddSeconds(2), TimeSpan.FromSeconds(3), "Failed", "capacity"),
        ], steps);
    }

    [SkippableFact]
    public async Task A_step_of_an_unknown_run_is_refused()
    {
        var store = await OpenAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => store.RecordStepAsync(Id("nope"), new StepRecord("s", T0, null, "Running"), Ct));
    }

    [SkippableFact]
    public async Task Resources_are_recorded_live_once_and_their_cleanup_state_changes()
    {
        var clock = new FakeTimeProvider(T0);
        var store = await OpenAsync(clock);
        await store.CreateRunAsync(Start("r1"), Ct);
        await store.RecordResourceAsync(Id("r1"), ResourceKind.KeyPair, "kiln-r1", Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.RecordResourceAsync(Id("r1"), ResourceKind.Instance, "i-0001", Ct);
        await store.RecordResourceAsync(Id("r1"), ResourceKind.Instance, "i-0001", Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.SetResourceStateAsync(Id("r1"), ResourceKind.Instance, "i-0001", CleanupState.Cleaned, Ct);
        await store.SetResourceStateAsync(Id("r1"), ResourceKind.Image, "ami-0abc", CleanupState.Kept, Ct);

        var resources = (await store.GetRunAsync(Id("r1"), Ct))!.Resources;
        Assert.Equal([
            new RunResource(ResourceKind.KeyPair, "kiln-r1", CleanupState.Live, T0),
            new RunResource(ResourceKind.Instance, "i-0001", CleanupState.Cleaned, T0.AddSeconds(1)),
            new RunResource(ResourceKind.Image, "ami-0abc", CleanupState.Kept, T0.AddSeconds(2)),
        ], resources);
    }

    [SkippableFact]
    public async Task Log_seq_counts_up_per_run_and_pages_after_a_seq()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await store.CreateRunAsync(Start("r2"), Ct);
        await store.AppendLogAsync(Id("r1"), [(T0, "kiln", "a"), (T0, "ansible", "b")], Ct);
        await store.AppendLogAsync(Id("r2"), [(T0, "kiln", "other")], Ct);
        await store.AppendLogAsync(Id("r1"), [(T0.AddSeconds(1), "error", "c")], Ct);
        await store.AppendLogAsync(Id("r1"), [], Ct);

        Assert.Equal([new LogLine(1, T0, "kiln", "a"), new LogLine(2, T0, "ansible", "b"), new LogLine(3, T0.AddSeconds(1), "error", "c")],
            await store.GetLogAsync(Id("r1"), 0, 100, Ct));
        Assert.Equal(["b"], (await store.GetLogAsync(Id("r1"), 1, 1, Ct)).Select(l => l.Text));
        Assert.Empty(await store.GetLogAsync(Id("r1"), 3, 100, Ct));
        Assert.Equal([1L], (await store.GetLogAsync(Id("r2"), 0, 100, Ct)).Select(l => l.Seq));
    }

    [SkippableFact]
    public async Task A_large_batch_is_stored_whole_and_in_order()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await store.AppendLogAsync(Id("r1"), [(T0, "kiln", "first")], Ct);
        await store.AppendLogAsync(Id("r1"), [.. Enumerable.Range(0, 450).Select(i => (T0, "ansible", $"line {i}"))], Ct);
        var log = await store.GetLogAsync(Id("r1"), 0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, 451).Select(i => (long)i), log.Select(l => l.Seq));
        Assert.Equal(["first", .. Enumerable.Range(0, 450).Select(i => $"line {i}")], log.Select(l => l.Text));
    }

    [SkippableFact]
    public async Task Listing_filters_by_family_outcome_kind_job_and_time_newest_first()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("a1", "fam-a", T0), Ct);
        await store.CreateRunAsync(Start("a2", "fam-a", T0.AddHours(1), job: "nightly"), Ct);
        await store.CreateRunAsync(Start("b1", "fam-b", T0.AddHours(2)), Ct);
        await store.CreateRunAsync(Start("p1", null, T0.AddHours(3), kind: "prune"), Ct);
        await store.FinishRunAsync(Id("a1"), RunOutcome.Failed, "boom", null, null, Ct);
        await store.FinishRunAsync(Id("b1"), RunOutcome.Succeeded, null, "ami-1", null, Ct);

        async Task<string[]> Ids(RunQuery q) => [.. (await store.ListRunsAsync(q, Ct)).Select(r => r.Id.Value)];
        Assert.Equal(["p1", "b1", "a2", "a1"], await Ids(new RunQuery()));
        Assert.Equal(["a2", "a1"], await Ids(new RunQuery(Family: "fam-a")));
        Assert.Equal(["a1"], await Ids(new RunQuery(Outcome: RunOutcome.Failed)));
        Assert.Equal(["a2"], await Ids(new RunQuery(Family: "fam-a", Outcome: RunOutcome.Running)));
        Assert.Equal(["p1"], await Ids(new RunQuery(Kind: "prune")));
        Assert.Equal(["a2"], await Ids(new RunQuery(Job: "nightly")));
        Assert.Equal(["b1", "a2"], await Ids(new RunQuery(Since: T0.AddHours(1), Until: T0.AddHours(3))));
        Assert.Equal(["p1", "b1"], await Ids(new RunQuery(Limit: 2)));
        var b1 = (await store.ListRunsAsync(new RunQuery(Family: "fam-b"), Ct)).Single();
        Assert.Equal((RunOutcome.Succeeded, "ami-1", "local", "build-1"), (b1.Outcome, b1.Image, b1.Cloud, b1.Host));
    }

    [SkippableFact]
    public async Task Unfinished_runs_are_those_still_running()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1", started: T0), Ct);
        await store.CreateRunAsync(Start("r2", started: T0.AddMinutes(1)), Ct);
        await store.CreateRunAsync(Start("r3", started: T0.AddMinutes(2)), Ct);
        await store.FinishRunAsync(Id("r2"), RunOutcome.Interrupted, "killed", null, null, Ct);
        Assert.Equal(["r1", "r3"], (await store.ListUnfinishedRunsAsync(Ct)).Select(r => r.Id.Value));
    }

    [SkippableFact]
    public async Task Retention_deletes_old_finished_runs_with_their_rows_and_keeps_running_recent_and_leaking_ones()
    {
        var clock = new FakeTimeProvider(T0);
        var store = await OpenAsync(clock);
        foreach (var id in new[] { "old", "old-leaking", "still-running", "recent" })
        {
            await store.CreateRunAsync(Start(id), Ct);
            await store.RecordStepAsync(Id(id), new StepRecord("s", T0, TimeSpan.FromSeconds(1), "Succeeded"), Ct);
            await store.AppendLogAsync(Id(id), [(T0, "kiln", "line")], Ct);
        }
        await store.RecordResourceAsync(Id("old"), ResourceKind.Instance, "i-1", Ct);
        await store.SetResourceStateAsync(Id("old"), ResourceKind.Instance, "i-1", CleanupState.Cleaned, Ct);
        await store.RecordResourceAsync(Id("old-leaking"), ResourceKind.Instance, "i-2", Ct);
        await store.FinishRunAsync(Id("old"), RunOutcome.Succeeded, null, null, null, Ct);
        await store.FinishRunAsync(Id("old-leaking"), RunOutcome.Failed, "cleanup failed", null, null, Ct);
        clock.Advance(TimeSpan.FromDays(10));
        await store.FinishRunAsync(Id("recent"), RunOutcome.Succeeded, null, null, null, Ct);

        Assert.Equal(1, await store.DeleteRunsBeforeAsync(T0.AddDays(5), Ct));
        Assert.Null(await store.GetRunAsync(Id("old"), Ct));
        Assert.Empty(await store.GetLogAsync(Id("old"), 0, 10, Ct));
        Assert.Equal(["old-leaking", "recent", "still-running"],
            (await store.ListRunsAsync(new RunQuery(), Ct)).Select(r => r.Id.Value).Order());
        Assert.Equal(0, await store.DeleteRunsBeforeAsync(T0.AddDays(5), Ct));
        // A run recreated under a deleted id starts with an empty log (no orphaned rows were left).
        await store.CreateRunAsync(Start("old"), Ct);
        Assert.Empty((await store.GetRunAsync(Id("old"), Ct))!.Steps);
    }

    [SkippableFact]
    public async Task Opening_an_already_migrated_database_changes_nothing()
    {
        var first = await OpenAsync();
        await first.CreateRunAsync(Start("r1"), Ct);
        var second = await OpenAsync();
        await second.MigrateAsync(Ct);
        Assert.NotNull(await second.GetRunAsync(Id("r1"), Ct));
        Assert.Equal(MigrationCatalog.For(Dialect).Select(m => (long)m.Version), await AppliedVersionsAsync(second));
    }

    [SkippableFact]
    public async Task Stores_opening_together_on_a_new_database_both_migrate_safely()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore(TimeProvider.System)).ToList();
        _opened.AddRange(stores);
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(Ct))));
        Assert.Equal(MigrationCatalog.For(Dialect).Select(m => (long)m.Version), await AppliedVersionsAsync(stores[0]));
    }

    [SkippableFact]
    public async Task Two_writers_appending_at_once_get_every_line_a_distinct_seq()
    {
        var one = await OpenAsync();
        var two = await OpenAsync();
        await one.CreateRunAsync(Start("r1"), Ct);
        async Task Write(IRunHistory store, string who)
        {
            for (var i = 0; i < 25; i++)
            {
                await store.AppendLogAsync(Id("r1"), [(T0, who, $"{who}-{i}-a"), (T0, who, $"{who}-{i}-b")], Ct);
                await store.CreateRunAsync(Start($"{who}-{i}"), Ct);
            }
        }
        await Task.WhenAll(Task.Run(() => Write(one, "one")), Task.Run(() => Write(two, "two")));

        var log = await one.GetLogAsync(Id("r1"), 0, 1000, Ct);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), log.Select(l => l.Seq));
        Assert.Equal(100, log.Select(l => l.Text).Distinct().Count());
        Assert.Equal(51, (await two.ListRunsAsync(new RunQuery(Limit: 1000), Ct)).Count);
    }

    [SkippableFact]
    public async Task A_family_lock_excludes_a_second_run_until_released()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        var family = "fam-" + Guid.NewGuid().ToString("N")[..8];
        await store.CreateRunAsync(Start("r1", family), Ct);

        var held = await store.TryAcquireFamilyAsync(family, Id("r1"), TimeSpan.Zero, Ct);
        Assert.NotNull(held);
        Assert.Null(await other.TryAcquireFamilyAsync(family, Id("r2"), TimeSpan.FromMilliseconds(300), Ct));
        await using (var unrelated = await other.TryAcquireFamilyAsync(family + "-other", Id("r3"), TimeSpan.Zero, Ct))
            Assert.NotNull(unrelated);

        await held!.DisposeAsync();
        await using var next = await other.TryAcquireFamilyAsync(family, Id("r2"), TimeSpan.Zero, Ct);
        Assert.NotNull(next);
    }

    [SkippableFact]
    public async Task A_waiting_run_gets_the_family_lock_when_the_holder_releases_it()
    {
        var store = await OpenAsync();
        var family = "fam-" + Guid.NewGuid().ToString("N")[..8];
        var held = (await store.TryAcquireFamilyAsync(family, Id("r1"), TimeSpan.Zero, Ct))!;
        var waiting = store.TryAcquireFamilyAsync(family, Id("r2"), TimeSpan.FromSeconds(20), Ct);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(taken);
    }

    [SkippableFact]
    public async Task A_family_lock_whose_holder_died_is_taken_over()
    {
        var store = await OpenAsync();
        var family = "fam-" + Guid.NewGuid().ToString("N")[..8];
        await store.CreateRunAsync(Start("dead", family), Ct);
        await LeaveLockOfDeadHolderAsync(store, family, "dead");
        await using var taken = await store.TryAcquireFamilyAsync(family, Id("r2"), TimeSpan.FromSeconds(5), Ct);
        Assert.NotNull(taken);
        Assert.Null(await store.TryAcquireFamilyAsync(family, Id("r3"), TimeSpan.Zero, Ct));
    }

    private protected abstract SqlDialect Dialect { get; }
    private protected abstract Task<IReadOnlyList<long>> AppliedVersionsAsync(IRunHistory store);
}
