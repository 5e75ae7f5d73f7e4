using Dapper;
using Npgsql;

namespace Kiln.History;

/// <summary>A family lock as a session advisory lock (pg_try_advisory_lock) on a connection held for the whole run.
/// The server drops it when that session ends, so a killed worker's lock goes with its connection: no stale rows.</summary>
internal sealed class PostgresFamilyLock(NpgsqlDataSource source, TimeProvider clock)
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string family, TimeSpan wait, CancellationToken ct) =>
        LockPolling.UntilTakenAsync(c => TryOnceAsync(family, c), wait, clock, ct);

    internal static long KeyOf(string family) => AdvisoryKey.For("kiln:family:" + family);

    private async ValueTask<IAsyncDisposable?> TryOnceAsync(string family, CancellationToken ct)
    {
        var key = KeyOf(family);
        var connection = await source.OpenConnectionAsync(ct);
        try
        {
            var taken = await connection.ExecuteScalarAsync<bool>(
                "SELECT pg_try_advisory_lock(@key)", new { key, ct });
            if (taken) return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Unlocks, then closes. Never throws: if the connection broke, the server already dropped the lock.</summary>
    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key, ct = budget.Token });
            }
            catch (Exception) { /* the lock lives and dies with the session, closed below */ }
            finally { await connection.DisposeAsync(); }
        }
    }
}
