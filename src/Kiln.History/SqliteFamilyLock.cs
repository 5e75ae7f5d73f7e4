using System.Data.Common;
using Dapper;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History;

/// <summary>A family lock as a row of `family_locks`, taken in a BEGIN IMMEDIATE transaction (so check-and-take is
/// atomic across processes). A row is stale, and taken over, when its run has finished, or when it was taken on this
/// host by a process that is gone. A holder on another host is never presumed dead: only its run's outcome tells.</summary>
internal sealed class SqliteFamilyLock(Func<CancellationToken, ValueTask<DbConnection>> open, TimeProvider clock)
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string family, RunId run, TimeSpan wait, CancellationToken ct) =>
        LockPolling.UntilTakenAsync(c => TryOnceAsync(family, run, c), wait, clock, ct);

    private async ValueTask<IAsyncDisposable?> TryOnceAsync(string family, RunId run, CancellationToken ct)
    {
        await using var c = await open(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var holder = await c.QuerySingleOrDefaultAsync<Holder>("""
            SELECT l.run AS Run, l.host AS Host, l.pid AS Pid, l.process_start AS ProcessStart, r.outcome AS Outcome
            FROM family_locks l LEFT JOIN runs r ON r.id = l.run WHERE l.family = @family
            """, new { family, ct }, tx);
        if (holder is not null && !holder.IsStale()) return null;
        await c.ExecuteAsync("""
            INSERT INTO family_locks (family, run, host, pid, process_start, acquired) VALUES (@family, @run, @host, @pid, @start, @now)
            ON CONFLICT (family) DO UPDATE SET run = excluded.run, host = excluded.host, pid = excluded.pid,
                process_start = excluded.process_start, acquired = excluded.acquired
            """, new
        {
            family, run = run.Value, host = ProcessIdentity.Host, pid = ProcessIdentity.Pid, start = ProcessIdentity.Start,
            now = clock.GetUtcNow().ToUnixTimeMilliseconds(), ct }, tx);
        await tx.CommitAsync(ct);
        return new Held(open, family, run);
    }

    internal sealed class Holder
    {
        public string Run { get; set; } = "";
        public string Host { get; set; } = "";
        public long Pid { get; set; }
        public string? ProcessStart { get; set; }
        public string? Outcome { get; set; }

        public bool IsStale() =>
            (Outcome is not null && Outcome != nameof(RunOutcome.Running))
            || (Host == ProcessIdentity.Host && ProcessIdentity.IsGone((int)Pid, ProcessStart));
    }

    /// <summary>Releasing never throws: a row left behind is stale once this process exits or the run finishes.</summary>
    private sealed class Held(Func<CancellationToken, ValueTask<DbConnection>> open, string family, RunId run) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await using var c = await open(budget.Token);
                await c.ExecuteAsync("DELETE FROM family_locks WHERE family = @family AND run = @run", new { family, run = run.Value, ct = budget.Token });
            }
            catch (Exception) { /* stale by construction once the run ends; see the class comment */ }
        }
    }
}
