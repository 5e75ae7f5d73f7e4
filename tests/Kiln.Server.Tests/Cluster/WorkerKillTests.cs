using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Tests.Support;
using Kiln.Tests.Shared;

namespace Kiln.Server.Tests.Cluster;

/// <summary>Two `kiln serve` workers on one PostgreSQL, a real bake of the fixture on the local cloud; the worker
/// running it is killed with SIGKILL mid-bake. The survivor (Quartz: missed check-ins) marks the run interrupted
/// and sweeps every resource it had made, and the job's failure notification (which the dead worker never sent)
/// reaches the receiver once.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class WorkerKillTests
{
    [Fact]
    public async Task A_worker_killed_during_a_bake_has_its_run_interrupted_and_swept_by_the_other()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        var account = "k" + Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await HttpReceiver.StartAsync();
        var dir = Fixtures.HogePlaybooksCopy($$"""
            jobs:
              bake-dev-api:
                bake: {account: {{account}}, env: dev, category: api}
                notify:
                  on_failure:
                    - webhook: {{receiver.Url("/failed")}}
            """);
        await using var a = await ServeProcess.StartAsync(pg.ConnectionString, dir, null);
        await using var b = await ServeProcess.StartAsync(pg.ConnectionString, dir, null);
        var paths = KilnPaths.FromEnvironment();
        await using var history = RunStoreFactory.Open(pg.ConnectionString, paths);
        var accounts = new Accounts(new UserStore(new ServerDatabase(DatabaseLocation.Parse(pg.ConnectionString, paths)), TimeProvider.System), TimeProvider.System);
        var (_, token) = await accounts.CreateTokenAsync("admin", "test", default); // admin from KILN_ADMIN_PASSWORD

        using var client = new HttpClient { BaseAddress = a.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await client.PostAsync("/api/v1/jobs/bake-dev-api/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        var run = new RunId(started.GetProperty("run").GetString()!);

        // Mid-bake: the instance exists (recorded in the ledger the moment it was made).
        var details = await PollAsync(history, run, d => d?.Resources.Any(r => r.Kind == ResourceKind.Instance) == true, TimeSpan.FromMinutes(3));
        var (victim, survivor) = details!.Run.Pid == a.Pid ? (a, b) : (b, a);
        Assert.Equal(victim.Pid, details.Run.Pid);
        victim.KillHard();

        var after = await PollAsync(history, run, d => d?.Run.Outcome != RunOutcome.Running, TimeSpan.FromMinutes(2));
        Assert.Equal(RunOutcome.Interrupted, after!.Run.Outcome);
        Assert.NotEmpty(after.Resources);
        Assert.All(after.Resources, r => Assert.NotEqual(CleanupState.Live, r.State));
        var log = string.Join("\n", (await history.GetLogAsync(run, 0, 10_000, default)).Select(l => l.Text));
        Assert.Contains("sweeps what it left behind", log);

        // The survivor serves on, and the family is free again.
        using var other = new HttpClient { BaseAddress = survivor.Address };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var runs = await other.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-dev-api");
        Assert.Equal("interrupted", runs.GetProperty("runs")[0].GetProperty("outcome").GetString());

        await receiver.WaitForAsync(r => r.At("/failed").Count >= 1);
        await Task.Delay(3000); // a second delivery would come now
        var hook = Assert.Single(receiver.At("/failed"));
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(run.Value, payload.GetProperty("run_id").GetString());
        Assert.Equal("interrupted", payload.GetProperty("outcome").GetString());
    }

    private static async Task<RunDetails?> PollAsync(IRunStore history, RunId run, Func<RunDetails?, bool> done, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var details = await history.GetRunAsync(run, default);
            if (done(details)) return details;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {run}: condition not met in {limit}; last outcome {details?.Run.Outcome}");
            await Task.Delay(250);
        }
    }
}
