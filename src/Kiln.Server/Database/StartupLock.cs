using Dapper;
using Npgsql;

namespace Kiln.Server.Database;

/// <summary>Workers starting at the same moment take turns (PostgreSQL session advisory lock): Quartz creates its
/// tables when its scheduler starts, and two concurrent CREATE TABLE IF NOT EXISTS race in PostgreSQL's catalog.
/// Nothing to do on SQLite (one worker).</summary>
public static class StartupLock
{
    private const long Key = 0x6B696C6E_73747274; // "klnstrt"

    public static async Task<IAsyncDisposable> AcquireAsync(ServerDatabase db, CancellationToken ct)
    {
        if (db.Kind != DatabaseKind.Postgres) return new Held(null);
        var connection = (NpgsqlConnection)await db.OpenAsync(ct);
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@Key)", new { Key, ct });
        return new Held(connection);
    }

    /// <summary>Unlocks explicitly: a pooled connection's session outlives Dispose, and with it a session lock.</summary>
    private sealed class Held(NpgsqlConnection? connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null) return;
            try { await connection.ExecuteAsync("SELECT pg_advisory_unlock(@Key)", new { Key }); }
            finally { await connection.DisposeAsync(); }
        }
    }
}
