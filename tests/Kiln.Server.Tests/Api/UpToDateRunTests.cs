using System.Net.Http.Json;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Api;

/// <summary>A bake job that finds its inputs unchanged is recorded `up-to-date`, not failed, and its `then:` job
/// does not start: a nightly bake makes a generation (and a deploy) only when something changed.</summary>
public sealed class UpToDateRunTests
{
    [Fact]
    public async Task An_up_to_date_bake_is_recorded_as_such_and_does_not_start_its_then_job()
    {
        var bake = new JobDefinition("bake-nightly", JobKind.Bake, "hoge-prd-api-base", Then: ["prune-prd-api"],
            Arguments: new Dictionary<string, string> { ["up_to_date"] = "true" });
        var prune = new JobDefinition("prune-prd-api", JobKind.Prune, "hoge-prd-api-base");
        await using var server = await TestServer.StartAsync([bake, prune]);
        using var client = server.Client("operator");
        var started = await (await client.PostAsync("/api/v1/jobs/bake-nightly/runs", null)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var run = started.GetProperty("run").GetString()!;
        var done = await server.WaitForOutcomeAsync(run, "up-to-date", "succeeded", "failed");
        Assert.Equal("up-to-date", done.GetProperty("run").GetProperty("outcome").GetString());
        await Task.Delay(1000);
        var prunes = await server.Store.ListRunsAsync(new Kiln.Core.Runs.RunQuery(Job: "prune-prd-api"), CancellationToken.None);
        Assert.Empty(prunes);
        var filtered = await client.GetAsync("/api/v1/runs?outcome=up-to-date");
        Assert.Contains(run, await filtered.Content.ReadAsStringAsync());
    }
}
