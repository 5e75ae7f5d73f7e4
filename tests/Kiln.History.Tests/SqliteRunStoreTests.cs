using System.Diagnostics;
using Dapper;
using Kiln.Core.Runs;
using Microsoft.Data.Sqlite;
using static Kiln.History.Tests.TestRuns;

namespace Kiln.History.Tests;

public sealed class SqliteRunStoreTests : RunStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-history-test-").FullName;
    private string DbPath => Path.Combine(_dir, "home", "history.db");

    protected override IRunHistory NewStore(TimeProvider clock) => new SqliteRunStore(DbPath, clock);
    private protected override SqlDialect Dialect => SqlDialect.Sqlite;

    private protected override async Task<IReadOnlyList<long>> AppliedVersionsAsync(IRunHistory store)
    {
        await using var c = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        return [.. await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")];
    }

    /// <summary>A real other process (sqlite3) writes the lock row with its own pid, then exits.</summary>
    protected override async Task LeaveLockOfDeadHolderAsync(IRunHistory store, string family, string run)
    {
        var sql = $"INSERT INTO family_locks (family, run, host, pid, process_start, acquired) VALUES ('{family}', '{run}', '{Environment.MachineName}', $$, NULL, 0);";
        // exec: sqlite3 takes over the shell's pid, so $$ is the pid of the process that writes the row.
        await RunAsync("sh", "-c", $"exec sqlite3 -cmd '.timeout 10000' '{DbPath}' \"{sql}\"");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_is_created_owner_only_in_wal_mode()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!));
        await using var c = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    /// <summary>The newest version applied is in the file's header (user_version): an up-to-date file opens with a
    /// read, even while another process holds the write lock; a file migrated before that number was kept (0) goes
    /// through the migrator once, which sets it.</summary>
    [Fact]
    public async Task An_up_to_date_file_opens_without_the_migration_transaction()
    {
        var latest = MigrationCatalog.For(SqlDialect.Sqlite).Max(m => m.Version);
        await OpenAsync();
        async Task<long> UserVersionAsync()
        {
            await using var c = new SqliteConnection($"Data Source={DbPath};Pooling=false");
            return await c.ExecuteScalarAsync<long>("PRAGMA user_version");
        }
        Assert.Equal(latest, await UserVersionAsync());

        await using (var c = new SqliteConnection($"Data Source={DbPath};Pooling=false")) await c.ExecuteAsync("PRAGMA user_version = 0");
        await OpenAsync();
        Assert.Equal(latest, await UserVersionAsync());

        using var sqlite = Process.Start(new ProcessStartInfo("sqlite3", [DbPath])
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        await sqlite.StandardInput.WriteLineAsync("BEGIN IMMEDIATE; DELETE FROM family_locks; SELECT 'locked';");
        await sqlite.StandardInput.FlushAsync();
        Assert.Equal("locked", await sqlite.StandardOutput.ReadLineAsync());
        // Task.Run: Microsoft.Data.Sqlite's async calls complete synchronously; the migrator would wait 15 s here.
        await Task.Run(() => OpenAsync()).WaitAsync(TimeSpan.FromSeconds(5));
        await sqlite.StandardInput.WriteLineAsync("COMMIT;");
        sqlite.StandardInput.Close();
        await sqlite.WaitForExitAsync();
    }

    [Fact]
    public async Task A_write_waits_for_another_process_holding_the_write_lock_instead_of_failing()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        using var sqlite = Process.Start(new ProcessStartInfo("sqlite3", [DbPath])
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        await sqlite.StandardInput.WriteLineAsync("BEGIN IMMEDIATE; INSERT INTO runs (id, kind, arguments, \"user\", cloud, host, pid, started, outcome) VALUES ('other', 'bake', '', 'bob', 'local', 'h', 1, 0, 'Running'); SELECT 'locked';");
        await sqlite.StandardInput.FlushAsync();
        Assert.Equal("locked", await sqlite.StandardOutput.ReadLineAsync());

        var watch = Stopwatch.StartNew();
        // Task.Run: Microsoft.Data.Sqlite's async calls complete synchronously, so the wait would block this thread.
        var write = Task.Run(() => store.AppendLogAsync(Id("r1"), [(T0, "kiln", "written while another process held the lock")], Ct));
        await Task.Delay(700);
        Assert.False(write.IsCompleted);
        await sqlite.StandardInput.WriteLineAsync("COMMIT;");
        sqlite.StandardInput.Close();
        await write.WaitAsync(TimeSpan.FromSeconds(10));
        await sqlite.WaitForExitAsync();

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(10));
        Assert.Single(await store.GetLogAsync(Id("r1"), 0, 10, Ct));
        Assert.NotNull(await store.GetRunAsync(Id("other"), Ct));
    }

    [Fact]
    public async Task A_lock_row_of_a_finished_run_is_taken_over_even_from_another_host()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await store.FinishRunAsync(Id("r1"), RunOutcome.Interrupted, null, null, null, Ct);
        await InsertLockAsync("fam", "r1", "elsewhere", 1, null);
        await using var taken = await store.TryAcquireFamilyAsync("fam", Id("r2"), TimeSpan.Zero, Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_lock_row_of_a_running_run_on_another_host_is_kept()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await InsertLockAsync("fam", "r1", "elsewhere", 999_999_999, null);
        Assert.Null(await store.TryAcquireFamilyAsync("fam", Id("r2"), TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task A_lock_row_whose_pid_now_belongs_to_a_newer_process_is_taken_over()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        // This test's own pid is alive, but recorded with another start time: the pid was reused.
        await InsertLockAsync("fam", "r1", Environment.MachineName, Environment.ProcessId, "boot:1");
        await using var taken = await store.TryAcquireFamilyAsync("fam", Id("r2"), TimeSpan.Zero, Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_lock_row_of_this_live_process_is_kept()
    {
        var store = await OpenAsync();
        await store.CreateRunAsync(Start("r1"), Ct);
        await InsertLockAsync("fam", "r1", Environment.MachineName, Environment.ProcessId, ProcessIdentity.Start);
        Assert.Null(await store.TryAcquireFamilyAsync("fam", Id("r2"), TimeSpan.Zero, Ct));
    }

    private async Task InsertLockAsync(string family, string run, string host, int pid, string? start)
    {
        await using var c = new SqliteConnection($"Data Source={DbPath};Pooling=false");
        await c.ExecuteAsync("INSERT INTO family_locks (family, run, host, pid, process_start, acquired) VALUES (@family, @run, @host, @pid, @start, 0)",
            new { family, run, host, pid, start });
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr}");
    }
}
