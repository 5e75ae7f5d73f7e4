using System.Data.Common;
using Dapper;
using Kiln.Core;
using Microsoft.Data.Sqlite;

namespace Kiln.History;

/// <summary>The history in one SQLite file (`KilnPaths.HistoryDatabase`), shared by every kiln process on the machine.
/// WAL lets readers (`kiln runs`) run beside a writer; the busy timeout makes concurrent writers wait instead of failing
/// with SQLITE_BUSY. The file is created 0600 (it holds run arguments and errors); SQLite gives its -wal and -shm
/// files the database file's mode.</summary>
public sealed class SqliteRunStore : SqlRunStore
{
    /// <summary>Measured: a bake's writes hold the lock for milliseconds; 15 s only matters when something is stuck.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(15);

    private readonly string _connectionString;

    public SqliteRunStore(string path, TimeProvider? clock = null) : base(clock ?? TimeProvider.System)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds * 2,
        }.ToString();
        _familyLock = new SqliteFamilyLock(OpenAsync, Clock);
    }

    private readonly SqliteFamilyLock _familyLock;
    private volatile bool _fileReady;

    public string Path { get; }
    public override string Location => $"sqlite:{Path}";
    internal override SqlDialect Dialect => SqlDialect.Sqlite;

    private protected override async ValueTask<DbConnection> ConnectAsync(CancellationToken ct)
    {
        if (!_fileReady)
        {
            CreatePrivateFile(Path);
            _fileReady = true;
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection: foreign keys are off by default in SQLite, and the cascades depend on them.
            await connection.ExecuteAsync(
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        // WAL is a property of the file, kept once set; setting it again is a no-op.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL", new { ct });
    }

    private static readonly int Latest = MigrationCatalog.Latest(SqlDialect.Sqlite);

    /// <summary>A read of the file's header, no transaction: every kiln command opens the history, and the migration
    /// check is a write transaction (BEGIN IMMEDIATE, a commit) even when there is nothing to apply.</summary>
    private protected override async Task<bool> IsCurrentAsync(DbConnection connection, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>("PRAGMA user_version", new { ct }) == Latest;

    /// <summary>Creates the file 0600 before SQLite opens it (SQLite would create it 0644), and its folder 0700.</summary>
    public static void CreatePrivateFile(string path)
    {
        if (File.Exists(path)) return;
        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder)) KilnPaths.EnsurePrivateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var _ = new FileStream(path, options);
    }

    public override Task<IAsyncDisposable?> TryAcquireFamilyAsync(string family, RunId run, TimeSpan wait, CancellationToken ct)
        => _familyLock.TryAcquireAsync(family, run, wait, ct);

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
