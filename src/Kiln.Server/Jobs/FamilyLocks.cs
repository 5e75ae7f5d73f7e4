using Dapper;
using Kiln.Core;
using Kiln.Server.Database;

namespace Kiln.Server.Jobs;

/// <summary>The family lock in the shared database: one run per family across every worker, and across `kiln bake`
/// runs that use the same table. A row is the lock; the holder's run id lets a survivor release a dead one's lock.</summary>
public sealed class FamilyLocks(ServerDatabase db, TimeProvider clock)
{
    public sealed record Holder(string Family, RunId Run, string Worker, DateTimeOffset Since);
    private sealed record Row(string family, string run_id, string worker, long acquired_ms);

    /// <summary>True when this run holds the lock now (also when it held it already).</summary>
    public async Task<bool> TryAcquireAsync(string family, RunId run, string worker, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            ServerDatabase.InsertIgnore("kiln_family_locks", "family, run_id, worker, acquired_ms", "@family, @run, @worker, @t", "family"),
            new { family, run = run.Value, worker, t = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: ct));
        var holder = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT run_id FROM kiln_family_locks WHERE family = @family", new { family }, cancellationToken: ct));
        return holder == run.Value;
    }

    public async Task<Holder?> HolderAsync(string family, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT family, run_id, worker, acquired_ms FROM kiln_family_locks WHERE family = @family", new { family }, cancellationToken: ct));
        return row is null ? null : new Holder(row.family, new RunId(row.run_id), row.worker, DateTimeOffset.FromUnixTimeMilliseconds(row.acquired_ms));
    }

    /// <summary>Releases every lock the run holds; does nothing when it holds none.</summary>
    public async Task ReleaseAsync(RunId run, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM kiln_family_locks WHERE run_id = @run", new { run = run.Value }, cancellationToken: ct));
    }
}
