using Dapper;
using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Server.Database;

namespace Kiln.Server.Notifications;

/// <summary>A notification as the run page shows it.</summary>
public sealed record NotificationRecord(string Id, string Event, string Kind, string Destination, string State, int Attempts,
    int? StatusCode, string? LastError, DateTimeOffset Created, DateTimeOffset? Delivered);

/// <summary>A claimed notification, ready to send.</summary>
public sealed record DueNotification(string Id, string RunId, string Job, NotifyEvent Event, int Destination, string Payload, int Attempts);

/// <summary>The notification outbox in the server's database. Queueing is one insert per destination, unique per
/// (run, event, destination), so a run's notification is queued once even when both its worker and a survivor try.
/// Workers claim due rows with a lease (a conditional update: one worker wins); a lease that runs out (its worker
/// died) makes the row due again.</summary>
public sealed class NotificationOutbox(ServerDatabase db, TimeProvider clock)
{
    public const int MaxAttempts = 6;
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public async Task EnqueueAsync(RunId run, string job, NotifyEvent e, IReadOnlyList<NotifyDestination> destinations, string payload, CancellationToken ct)
    {
        if (destinations.Count == 0) return;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        for (var i = 0; i < destinations.Count; i++)
            await c.ExecuteAsync("""
                INSERT INTO kiln_notifications (id, run_id, job, event, destination, kind, display, payload, state, attempts, next_ms, created_ms)
                VALUES (@id, @run, @job, @event, @i, @kind, @display, @payload, 'pending', 0, @now, @now)
                ON CONFLICT (run_id, event, destination) DO NOTHING
                """, new Queued(Guid.NewGuid().ToString("N"), run.Value, job, Name(e), i, Name(destinations[i].Kind),
                destinations[i].Display, payload, now, ct));
    }

    /// <summary>Claims up to <paramref name="limit"/> due notifications for this worker.</summary>
    public async Task<IReadOnlyList<DueNotification>> ClaimDueAsync(string worker, int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        var due = await c.QueryAsync<Row>("""
            SELECT id AS Id, run_id AS RunId, job AS Job, event AS Event, destination AS Destination, payload AS Payload, attempts AS Attempts
            FROM kiln_notifications WHERE state = 'pending' AND next_ms <= @now AND (claimed_until_ms IS NULL OR claimed_until_ms < @now)
            ORDER BY next_ms LIMIT @limit
            """, new { now, limit, ct });
        var claimed = new List<DueNotification>();
        foreach (var row in due)
        {
            var won = await c.ExecuteAsync("""
                UPDATE kiln_notifications SET claimed_by = @worker, claimed_until_ms = @until
                WHERE id = @id AND state = 'pending' AND (claimed_until_ms IS NULL OR claimed_until_ms < @now)
                """, new { worker, until = now + (long)Lease.TotalMilliseconds, id = row.Id, now, ct });
            if (won == 1)
                claimed.Add(new DueNotification(row.Id, row.RunId, row.Job, Enum.Parse<NotifyEvent>(row.Event, true), (int)row.Destination, row.Payload, (int)row.Attempts));
        }
        return claimed;
    }

    public async Task DeliveredAsync(string id, int status, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            UPDATE kiln_notifications SET state = 'delivered', attempts = attempts + 1, status_code = @status, last_error = NULL,
                delivered_ms = @now, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id
            """, new { id, status, now = clock.GetUtcNow().ToUnixTimeMilliseconds(), ct });
    }

    /// <summary>Records a failed attempt: due again after <paramref name="retryAfter"/>, or given up (null).</summary>
    public async Task FailedAsync(string id, int? status, string error, TimeSpan? retryAfter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            UPDATE kiln_notifications SET state = @state, attempts = attempts + 1, status_code = @status, last_error = @error,
                next_ms = @next, claimed_by = NULL, claimed_until_ms = NULL WHERE id = @id
            """, new
        {
            id, status, error = error.Length > 500 ? error[..500] : error, state = retryAfter is null ? "failed" : "pending",
            next = (now + (retryAfter ?? TimeSpan.Zero)).ToUnixTimeMilliseconds(), ct,
        });
    }

    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(RunId run, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ListRow>("""
            SELECT id AS Id, event AS Event, kind AS Kind, display AS Display, state AS State, attempts AS Attempts,
                   status_code AS StatusCode, last_error AS LastError, created_ms AS Created, delivered_ms AS Delivered
            FROM kiln_notifications WHERE run_id = @run ORDER BY created_ms, event, destination
            """, new { run = run.Value, ct });
        return rows.Select(r => new NotificationRecord(r.Id, r.Event, r.Kind, r.Display, r.State, (int)r.Attempts, (int?)r.StatusCode, r.LastError,
            DateTimeOffset.FromUnixTimeMilliseconds(r.Created), r.Delivered is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null)).ToList();
    }

    public static string Name<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();

    // The types below are internal, not private: Dapper.AOT's generated code, in another class, names them.

    /// <summary>The insert's parameters. Not an anonymous object: Dapper.AOT 1.1.0 writes a member named `@event` into its
    /// generated code unescaped (`typed.event`, which does not compile), so the member is `Event`, bound as `@event`.</summary>
    internal sealed record Queued(string id, string run, string job, [property: DbValue(Name = "event")] string Event, int i, string kind,
        string display, string payload, long now, CancellationToken ct);

    internal sealed class Row
    {
        public string Id { get; set; } = "";
        public string RunId { get; set; } = "";
        public string Job { get; set; } = "";
        public string Event { get; set; } = "";
        public long Destination { get; set; }
        public string Payload { get; set; } = "";
        public long Attempts { get; set; }
    }

    internal sealed class ListRow
    {
        public string Id { get; set; } = "";
        public string Event { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Display { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public long? StatusCode { get; set; }
        public string? LastError { get; set; }
        public long Created { get; set; }
        public long? Delivered { get; set; }
    }
}
