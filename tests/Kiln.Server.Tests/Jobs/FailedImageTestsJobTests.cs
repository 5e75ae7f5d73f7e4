using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Jobs;

/// <summary>A real `kiln serve` bakes the fixture on the local cloud with a `tests:` command that fails: the run is
/// failed with the test and its output in its error and log, no image of the family is left, and its `then:` job does
/// not start.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class FailedImageTestsJobTests
{
    [Fact]
    public async Task A_bake_whose_tests_fail_is_a_failed_run_with_the_output_and_its_then_job_does_not_start()
    {
        var account = "t" + Guid.NewGuid().ToString("N")[..8];
        var dir = Fixtures.HogePlaybooksCopy($$"""
            tests:
              commands: ["echo health-check-said-no; exit 7"]
            jobs:
              bake-dev-api:
                bake: {account: {{account}}, env: dev, category: api}
                then: prune-dev-api
              prune-dev-api:
                prune: {account: {{account}}, env: dev, category: api, keep: 3}
            """);
        var db = "sqlite:" + Path.Combine(dir, "server.db");
        await using var serve = await ServeProcess.StartAsync(db, dir, null);
        var paths = KilnPaths.FromEnvironment();
        await using var history = RunStoreFactory.Open(db, paths);
        var accounts = new Accounts(new UserStore(new ServerDatabase(DatabaseLocation.Parse(db, paths)), TimeProvider.System), TimeProvider.System);
        var (_, token) = await accounts.CreateTokenAsync("admin", "test", default);
        using var client = new HttpClient { BaseAddress = serve.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await client.PostAsync("/api/v1/jobs/bake-dev-api/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        var run = new RunId(started.GetProperty("run").GetString()!);

        var deadline = DateTime.UtcNow.AddMinutes(4);
        RunDetails? details;
        while ((details = await history.GetRunAsync(run, default))?.Run.Outcome is null or RunOutcome.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bake did not end\n{serve.Output}");
            await Task.Delay(250);
        }

        Assert.True(details.Run.Outcome == RunOutcome.Failed, $"{details.Run.Outcome}: {details.Run.Error}");
        Assert.Contains("test command 'echo health-check-said-no; exit 7' exited 7", details.Run.Error);
        Assert.Contains("health-check-said-no", details.Run.Error);
        var log = await history.GetLogAsync(run, 0, 10_000, default);
        Assert.Contains(log, l => l.Stream == "test" && l.Text.Contains("health-check-said-no", StringComparison.Ordinal));
        // The image was made, then removed with its snapshots; the test instance went with the builder.
        Assert.Contains(details.Resources, r => r.Kind == ResourceKind.Image);
        Assert.All(details.Resources, r => Assert.Equal(CleanupState.Cleaned, r.State));
        Assert.Equal(2, details.Resources.Count(r => r.Kind == ResourceKind.Instance));

        await Task.Delay(1000);
        Assert.Empty(await history.ListRunsAsync(new RunQuery(Job: "prune-dev-api"), default));
    }
}
