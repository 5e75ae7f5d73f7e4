using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Database;
using Kiln.Server.Notifications;
using Kiln.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Server.Tests.Notifications;

/// <summary>The outbox on real SQLite and PostgreSQL: a notification is queued once per (run, event, destination),
/// claimed by one worker at a time, and due again for another worker when the claimant's lease runs out (it died
/// before delivering).</summary>
public sealed class NotificationOutboxTests
{
    private static readonly NotifyDestination[] Two =
        [new(DestinationKind.Webhook, "http://127.0.0.1:1/a", "a"), new(DestinationKind.Slack, "http://127.0.0.1:1/b", "b")];

    [Fact]
    public async Task On_sqlite_a_dead_claimants_notification_is_delivered_once_by_another_worker() =>
        await CheckAsync(null);

    [Fact]
    public async Task On_postgres_a_dead_claimants_notification_is_delivered_once_by_another_worker()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        await CheckAsync(pg.ConnectionString);
    }

    private static async Task CheckAsync(string? db)
    {
        var dir = Directory.CreateTempSubdirectory("kiln-outbox-").FullName;
        try
        {
            var paths = new KilnPaths(dir);
            db ??= "sqlite:" + Path.Combine(dir, "kiln.db");
            await using var history = RunStoreFactory.Open(db, paths);
            await history.MigrateAsync(default);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var outbox = new NotificationOutbox(new ServerDatabase(DatabaseLocation.Parse(db, paths)), clock);
            var run = RunId.New(clock);
            await history.CreateRunAsync(new RunStart(run, "bake", "f", "{}", "u", "local", clock.GetUtcNow(), "h", 1, "j"), default);

            await outbox.EnqueueAsync(run, "j", NotifyEvent.Failure, Two, "{}", default);
            await outbox.EnqueueAsync(run, "j", NotifyEvent.Failure, Two, "{}", default); // the survivor tries too
            Assert.Equal(2, (await outbox.ListAsync(run, default)).Count);

            var a = await outbox.ClaimDueAsync("worker-a", 10, default);
            Assert.Equal(2, a.Count);
            Assert.Empty(await outbox.ClaimDueAsync("worker-b", 10, default));
            await outbox.DeliveredAsync(a[0].Id, 200, default);
            // worker-a dies holding a[1]; once its lease has run out, worker-b takes it, and only it.
            clock.Advance(NotificationOutbox.Lease + TimeSpan.FromSeconds(1));
            var b = Assert.Single(await outbox.ClaimDueAsync("worker-b", 10, default));
            Assert.Equal(a[1].Id, b.Id);
            Assert.Empty(await outbox.ClaimDueAsync("worker-c", 10, default));
            await outbox.FailedAsync(b.Id, 500, "the receiver answered 500", TimeSpan.FromSeconds(2), default);
            Assert.Empty(await outbox.ClaimDueAsync("worker-c", 10, default));
            clock.Advance(TimeSpan.FromSeconds(3));
            var c = Assert.Single(await outbox.ClaimDueAsync("worker-c", 10, default));
            Assert.Equal(1, c.Attempts);
            await outbox.DeliveredAsync(c.Id, 200, default);
            Assert.All(await outbox.ListAsync(run, default), n => Assert.Equal("delivered", n.State));
            Assert.Empty(await outbox.ClaimDueAsync("worker-a", 10, default));

            // The record goes with its run.
            await history.FinishRunAsync(run, RunOutcome.Failed, "x", null, null, default);
            Assert.True(await history.DeleteRunAsync(run, default));
            Assert.Empty(await outbox.ListAsync(run, default));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
