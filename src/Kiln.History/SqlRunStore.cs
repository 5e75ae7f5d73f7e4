using System.Data.Common;
using Kiln.Core;

namespace Kiln.History;

/// <summary>The history over SQL, shared by SQLite and PostgreSQL: the SQL here is portable (ON CONFLICT, RETURNING,
/// LIMIT), so each dialect only says how to connect and how to lock. Migrations run before the first use.</summary>
public abstract partial class SqlRunStore : IRunHistory
{
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private volatile bool _migrated;

    protected SqlRunStore(TimeProvider clock) => Clock = clock;

    protected TimeProvider Clock { get; }
    public abstract string Location { get; }
    internal abstract SqlDialect Dialect { get; }

    /// <summary>An open connection with the dialect's session settings applied; the caller disposes it.</summary>
    private protected abstract ValueTask<DbConnection> ConnectAsync(CancellationToken ct);

    /// <summary>Work outside the migration transaction (SQLite: create the file 0600, switch to WAL).</summary>
    private protected virtual Task PrepareAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Whether the schema is known to be the newest without the migration transaction (SQLite: the file's
    /// user_version, which that transaction sets). False sends every open through the migrator, which is always right.</summary>
    private protected virtual Task<bool> IsCurrentAsync(DbConnection connection, CancellationToken ct) => Task.FromResult(false);

    public abstract Task<IAsyncDisposable?> TryAcquireFamilyAsync(string family, RunId run, TimeSpan wait, CancellationToken ct);
    public abstract ValueTask DisposeAsync();

    public async Task MigrateAsync(CancellationToken ct)
    {
        if (_migrated) return;
        await _migrateGate.WaitAsync(ct);
        try
        {
            if (_migrated) return;
            await using var connection = await ConnectAsync(ct);
            await PrepareAsync(connection, ct);
            if (!await IsCurrentAsync(connection, ct)) await Migrator.ApplyAsync(connection, Dialect, Clock, ct);
            _migrated = true;
        }
        finally { _migrateGate.Release(); }
    }

    /// <summary>Opens a connection to a migrated database.</summary>
    private protected async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (!_migrated) await MigrateAsync(ct);
        return await ConnectAsync(ct);
    }

    private long Now() => Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
