using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Tests.Support;
using Kiln.Tests.Shared;

namespace Kiln.Server.Tests.Cluster;

/// <summary>Two `kiln serve` processes on one PostgreSQL (a schema of the test database): Quartz's clustered store
/// hands each schedule firing to one of them.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Two_workers_on_one_database_fire_a_schedule_once()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        var root = Directory.CreateTempSubdirectory("kiln-cluster-").FullName;
        var account = "c" + Guid.NewGuid().ToString("N")[..8]; // advisory locks span schemas: a family of its own
        await File.WriteAllTextAsync(Path.Combine(root, "kiln.yml"), $$"""
            jobs:
              prune-nightly:
                prune: {account: {{account}}, env: dev, category: api, keep: 3}
                schedule: "* * * * *"
            """);
        await using var a = await ServeProcess.StartAsync(pg.ConnectionString, root, Path.Combine(root, "home-a"));
        await using var b = await ServeProcess.StartAsync(pg.ConnectionString, root, Path.Combine(root, "home-b"));
        await using var history = RunStoreFactory.Open(pg.ConnectionString, new KilnPaths(root));

        // Cron fires on the minute: wait for the first firing, give a duplicate time to appear, and count.
        var deadline = DateTime.UtcNow.AddSeconds(80);
        IReadOnlyList<RunSummary> runs = [];
        while (runs.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            runs = await history.ListRunsAsync(new RunQuery(Job: "prune-nightly"), default);
        }
        await Task.Delay(5000);
        runs = await history.ListRunsAsync(new RunQuery(Job: "prune-nightly"), default);
        var minutes = runs.Select(r => r.Started.ToString("yyyyMMddHHmm")).ToList();
        Assert.True(runs.Count >= 1, $"no firing in 80 s\n{a.Output}\n{b.Output}");
        Assert.Equal(minutes.Distinct().Count(), minutes.Count); // one run per firing, never one per worker
        Assert.All(runs, r => Assert.Equal("schedule", r.User));

        using var client = new HttpClient { BaseAddress = b.Address };
        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("postgres", health.GetProperty("database").GetString());
    }
}
