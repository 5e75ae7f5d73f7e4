using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Notifications;
using Kiln.Server.Tests.Support;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Jobs;

/// <summary>`timeout:`, `retry:` and `on_failure:` of jobs run by the scripted executor (which records a temporary
/// resource and cleans it on every exit, as the bake engine does), and the jobs page's statistics.</summary>
public sealed class RetryTimeoutHandlerTests
{
    [Fact]
    public async Task A_run_past_its_timeout_is_stopped_like_a_cancel_its_cleanup_runs_and_it_ends_timed_out()
    {
        var job = new JobDefinition("bake-slow", JobKind.Bake, "hoge-slow-api-base", Extras: new JobExtras([], Timeout: TimeSpan.FromSeconds(1)));
        await using var server = await TestServer.StartAsync([job]);
        server.Bakes.Hold("bake-slow");
        var run = await StartAsync(server.Client("operator"), "bake-slow");
        var done = await server.WaitForOutcomeAsync(run, "timed-out");
        Assert.Contains("timed out after 1s", done.GetProperty("run").GetProperty("error").GetString());
        var resource = Assert.Single(done.GetProperty("resources").EnumerateArray());
        Assert.Equal("cleaned", resource.GetProperty("state").GetString());
        var filtered = await server.Client("viewer").GetFromJsonAsync<JsonElement>("/api/v1/runs?outcome=timed-out");
        Assert.Equal(run, filtered.GetProperty("runs")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Cancelling_the_waiting_attempt_stops_the_remaining_ones()
    {
        var job = new JobDefinition("bake-flaky", JobKind.Bake, "hoge-flaky2-api-base", Arguments: new Dictionary<string, string> { ["fail"] = "true" },
            Extras: new JobExtras([], Retry: new RetrySpec(3, TimeSpan.FromSeconds(30))));
        await using var server = await TestServer.StartAsync([job]);
        using var op = server.Client("operator");
        var first = await StartAsync(op, "bake-flaky");
        var second = await NotificationTests.WaitForNextAttemptAsync(server, first);
        Assert.Equal("queued", (await server.WaitForOutcomeAsync(second, "queued")).GetProperty("run").GetProperty("outcome").GetString());
        var cancel = await op.PostAsync($"/api/v1/runs/{second}/cancel", null);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        await Task.Delay(1500);
        var runs = await server.Client("viewer").GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-flaky");
        Assert.Equal(0, runs.GetProperty("queued").GetArrayLength());
        Assert.Equal(["cancelled", "failed"], runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()!).ToArray());
        Assert.Single(server.Bakes.Runs);
    }

    [Fact]
    public async Task Bad_input_is_not_retried_and_a_failure_handler_gets_the_failed_run_and_its_options()
    {
        var failing = new JobDefinition("bake-bad", JobKind.Bake, "hoge-bad-api-base", Arguments: new Dictionary<string, string> { ["input_error"] = "true" },
            Extras: new JobExtras([Env], Retry: new RetrySpec(2, TimeSpan.Zero), OnFailure: ["cleanup-after"]));
        var handler = new JobDefinition("cleanup-after", JobKind.Prune, "hoge-${option.env}-api-base",
            Extras: new JobExtras([Env, new JobOptionSpec("failed_run"), new JobOptionSpec("failed_job")]));
        await using var server = await TestServer.StartAsync([failing, handler]);
        using var viewer = server.Client("viewer");
        var run = await StartAsync(server.Client("operator"), "bake-bad", new { env = "dev" });
        await server.WaitForOutcomeAsync(run, "failed");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement handled;
        while (true)
        {
            handled = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=cleanup-after");
            if (handled.GetProperty("runs").GetArrayLength() == 1 && handled.GetProperty("runs")[0].GetProperty("outcome").GetString() == "succeeded") break;
            Assert.True(DateTime.UtcNow < deadline, "the failure handler did not run");
            await Task.Delay(200);
        }
        var options = handled.GetProperty("runs")[0].GetProperty("options");
        Assert.Equal(run, options.GetProperty("failed_run").GetString());
        Assert.Equal("bake-bad", options.GetProperty("failed_job").GetString());
        Assert.Equal("dev", options.GetProperty("env").GetString());
        Assert.Equal(run, handled.GetProperty("runs")[0].GetProperty("parent").GetString());
        // Bad input: one attempt only.
        Assert.Equal(1, (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-bad")).GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task The_jobs_page_shows_success_rate_median_duration_and_last_outcomes()
    {
        var ok = new JobDefinition("bake-ok", JobKind.Bake, "hoge-ok-api-base");
        var bad = new JobDefinition("bake-no", JobKind.Bake, "hoge-no-api-base", Arguments: new Dictionary<string, string> { ["fail"] = "true" });
        await using var server = await TestServer.StartAsync([ok, bad]);
        using var op = server.Client("operator");
        foreach (var _ in Enumerable.Range(0, 3)) await server.WaitForOutcomeAsync(await StartAsync(op, "bake-ok"), "succeeded");
        await server.WaitForOutcomeAsync(await StartAsync(op, "bake-no"), "failed");
        var jobs = await server.Client("viewer").GetFromJsonAsync<JsonElement>("/api/v1/jobs");
        var stats = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "bake-ok").GetProperty("stats");
        Assert.Equal(3, stats.GetProperty("runs").GetInt32());
        Assert.Equal(100, stats.GetProperty("successRate").GetDouble());
        Assert.True(stats.GetProperty("medianSeconds").GetDouble() >= 0);
        var noStats = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "bake-no").GetProperty("stats");
        Assert.Equal(0, noStats.GetProperty("successRate").GetDouble());
        Assert.Equal(["failed"], noStats.GetProperty("lastOutcomes").EnumerateArray().Select(o => o.GetString()!).ToArray());
    }

    [Fact]
    public void Statistics_cover_the_last_30_finished_runs_with_the_median_duration()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        Kiln.Core.Runs.RunSummary Run(int i, Kiln.Core.Runs.RunOutcome o, double seconds) =>
            new(new Kiln.Core.RunId($"r{i}"), "bake", null, o, t0.AddHours(-i), t0.AddHours(-i).AddSeconds(seconds), null, null, "local", "u", "h", 1, "j", "{}");
        var runs = Enumerable.Range(0, 40).Select(i => Run(i, i % 4 == 0 ? Kiln.Core.Runs.RunOutcome.Failed : Kiln.Core.Runs.RunOutcome.Succeeded, i)).ToList();
        var stats = Kiln.Server.Api.JobViews.Stats(runs);
        Assert.Equal(30, stats.Runs);
        Assert.Equal(Math.Round(100.0 * 22 / 30, 1), stats.SuccessRate);
        Assert.Equal(14.5, stats.MedianSeconds);
        Assert.Equal(10, stats.LastOutcomes.Count);
        Assert.Equal("failed", stats.LastOutcomes[0]);
    }
}
