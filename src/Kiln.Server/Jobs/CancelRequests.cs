using System.Collections.Concurrent;
using Dapper;
using Kiln.Core;
using Kiln.Server.Database;

namespace Kiln.Server.Jobs;

/// <summary>Cancelling a run that may be running on another worker: the request is a row every worker can see; the
/// worker running it polls for it. Runs of this process are also cancelled at once through their token source.</summary>
public sealed class CancelRequests(ServerDatabase db, TimeProvider clock)
{
    private readonly ConcurrentDictionary<RunId, CancellationTokenSource> _local = new();

    public void Register(RunId run, CancellationTokenSource cts) => _local[run] = cts;
    public void Unregister(RunId run) => _local.TryRemove(run, out _);
    public bool IsLocal(RunId run) => _local.ContainsKey(run);

    /// <summary>The server is stopping: its runs stop too (cleanups still run) and are recorded as interrupted.</summary>
    public void CancelAllLocal()
    {
        foreach (var cts in _local.Values)
            try { cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    public async Task RequestAsync(RunId run, string user, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // Constant SQL (ON CONFLICT works in SQLite and PostgreSQL): see UserStore.AddUserAsync.
        await c.ExecuteAsync(
            "INSERT INTO kiln_cancel_requests (run_id, requested_by, requested_ms) VALUES (@run, @user, @t) ON CONFLICT (run_id) DO NOTHING",
            new { run = run.Value, user, t = clock.GetUtcNow().ToUnixTimeMilliseconds(), ct });
        if (_local.TryGetValue(run, out var cts)) await cts.CancelAsync();
    }

    /// <summary>Who asked to cancel the run, or null.</summary>
    public async Task<string?> RequestedByAsync(RunId run, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<string>(
            "SELECT requested_by FROM kiln_cancel_requests WHERE run_id = @run", new { run = run.Value, ct });
    }

    public async Task ClearAsync(RunId run, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM kiln_cancel_requests WHERE run_id = @run", new { run = run.Value, ct });
    }
}
