using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using Kiln.Tests.Shared;

namespace Kiln.Server.Tests.Cluster;

/// <summary>The server on PostgreSQL: the clustered Quartz store (tables from the history's migrations), queueing and
/// the family lock as PostgreSQL advisory locks. Families are unique per test: advisory locks span schemas.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task On_postgres_a_run_queues_behind_its_family_and_both_finish()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        var family = $"pg{Guid.NewGuid().ToString("N")[..8]}-dev-api-base";
        var job = new JobDefinition("bake-pg", JobKind.Bake, family);
        await using var server = await TestServer.StartAsync([job], db: pg.ConnectionString);
        server.Bakes.Hold("bake-pg");
        using var op = server.Client("operator");
        var first = (await (await op.PostAsync("/api/v1/jobs/bake-pg/runs", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run").GetString()!;
        await server.WaitForOutcomeAsync(first, "running");
        var second = await (await op.PostAsync("/api/v1/jobs/bake-pg/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(second.GetProperty("queued").GetBoolean());
        await server.WaitForOutcomeAsync(second.GetProperty("run").GetString()!, "queued");
        server.Bakes.Open("bake-pg");
        await server.WaitForOutcomeAsync(second.GetProperty("run").GetString()!, "succeeded");
        using var viewer = server.Client("viewer");
        var health = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("postgres", health.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Three_workers_on_postgres_deliver_each_runs_notification_once()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        await using var receiver = await HttpReceiver.StartAsync();
        var jobs = Enumerable.Range(0, 4).Select(i => new JobDefinition($"bake-{i}", JobKind.Bake, $"pg{Guid.NewGuid().ToString("N")[..8]}-dev-api-base",
            Arguments: new Dictionary<string, string> { ["fail"] = "true" },
            Extras: new JobExtras([], JobsWithExtras.Notify((NotifyEvent.Failure, [JobsWithExtras.Webhook(receiver)]), (NotifyEvent.Start, [JobsWithExtras.Webhook(receiver, "/start")]))))).ToList();
        await using var a = await TestServer.StartAsync(jobs, db: pg.ConnectionString);
        await using var b = await TestServer.StartAsync(jobs, db: pg.ConnectionString);
        await using var c = await TestServer.StartAsync(jobs, db: pg.ConnectionString);
        var runs = new List<string>();
        foreach (var (job, server) in jobs.Zip(new[] { a, b, c, a })) runs.Add(await JobsWithExtras.StartAsync(server.Client("operator"), job.Name));
        foreach (var run in runs) await a.WaitForOutcomeAsync(run, "failed");
        await receiver.WaitForAsync(r => r.At("/hook").Count >= 4 && r.At("/start").Count >= 4);
        await Task.Delay(3000); // duplicates would arrive now
        var delivered = receiver.At("/hook").Select(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("run_id").GetString()!).Order().ToList();
        Assert.Equal(runs.Order().ToList(), delivered);
        Assert.Equal(4, receiver.At("/start").Select(h => h.Headers["X-Kiln-Delivery"]).Distinct().Count());
        Assert.Equal(4, receiver.At("/start").Count);
    }
}
