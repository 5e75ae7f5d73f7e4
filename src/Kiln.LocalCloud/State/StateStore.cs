using Microsoft.Data.Sqlite;

namespace Kiln.LocalCloud.State;

/// <summary>
/// The local cloud's state in SQLite (WAL, busy timeout). Every request runs its reads and writes in one short
/// transaction, so several endpoint processes over one KILN_HOME see one consistent state. Podman work happens
/// between transactions, never inside one: a write lock is never held for seconds.
/// </summary>
public sealed class StateStore
{
    private readonly string _connectionString;

    public StateStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Pooling = true, DefaultTimeout = 30,
        }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS objects (
                kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT, created TEXT NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (kind, id));
            CREATE INDEX IF NOT EXISTS objects_by_name ON objects(kind, name);
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>A read-only look at the state (deferred transaction: a consistent snapshot, no write lock).</summary>
    public T Read<T>(Func<StateTx, T> work) => Run(work, deferred: true);

    /// <summary>A change: BEGIN IMMEDIATE takes the write lock first, so check-then-write is atomic across processes.</summary>
    public T Write<T>(Func<StateTx, T> work) => Run(work, deferred: false);

    public void Write(Action<StateTx> work) => Run(tx => { work(tx); return 0; }, deferred: false);

    private T Run<T>(Func<StateTx, T> work, bool deferred)
    {
        using var c = Open();
        using var t = c.BeginTransaction(deferred);
        var result = work(new StateTx(c, t));
        t.Commit();
        return result;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        // Other endpoint processes may hold the write lock for a moment; wait for it rather than fail.
        cmd.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
        cmd.ExecuteNonQuery();
        return c;
    }
}
