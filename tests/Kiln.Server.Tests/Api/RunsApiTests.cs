using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Api;

public sealed class RunsApiTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> StartAsync(string job, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var op = _server.Client("operator");
        var response = await op.PostAsync($"/api/v1/jobs/{job}/runs", null);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_started_job_runs_and_its_record_has_steps_resources_image_and_a_masked_log()
    {
        var run = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        var body = await _server.WaitForOutcomeAsync(run, "succeeded");
        Assert.Equal("bake-dev-api", body.GetProperty("run").GetProperty("job").GetString());
        Assert.Equal("operator", body.GetProperty("run").GetProperty("user").GetString());
        Assert.StartsWith("ami-", body.GetProperty("run").GetProperty("image").GetString());
        Assert.Equal("provision", body.GetProperty("steps")[0].GetProperty("name").GetString());
        Assert.Equal("cleaned", body.GetProperty("resources")[0].GetProperty("state").GetString());

        using var viewer = _server.Client("viewer");
        var log = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run}/log");
        var text = string.Join("\n", log.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()));
        Assert.Contains("vault says ***", text);
        Assert.DoesNotContain("s3cr3t-vault-value", text);
        Assert.True(log.GetProperty("finished").GetBoolean());
        var page = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run}/log?after={log.GetProperty("lines")[0].GetProperty("seq").GetInt64()}&limit=1");
        Assert.Equal(1, page.GetProperty("lines").GetArrayLength());
        Assert.Equal(log.GetProperty("lines")[1].GetProperty("seq").GetInt64(), page.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task The_log_streams_live_as_server_sent_events_and_ends_with_the_outcome()
    {
        _server.Bakes.Hold("bake-dev-api");
        var run = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        using var viewer = _server.Client("viewer");
        using var stream = await viewer.GetStreamAsync($"/api/v1/runs/{run}/log/stream");
        using var reader = new StreamReader(stream);
        var seen = new List<string>();
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            seen.Add(line);
            if (line.Contains("working 3")) _server.Bakes.Open("bake-dev-api"); // released only once lines arrived live
            if (line == "event: end") { seen.Add((await reader.ReadLineAsync())!); break; }
        }
        Assert.Contains(seen, l => l.Contains("working 3"));
        Assert.Contains(seen, l => l.StartsWith("data: ") && l.Contains("made ami-"));
        Assert.Contains("\"outcome\":\"succeeded\"", seen[^1]);
        var ids = seen.Where(l => l.StartsWith("id: ")).Select(l => long.Parse(l[4..])).ToList();
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task A_second_start_of_a_busy_family_queues_and_runs_after_the_first()
    {
        _server.Bakes.Hold("bake-dev-api");
        var first = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        await _server.WaitForOutcomeAsync(first, "running");
        var second = await StartAsync("bake-dev-api");
        Assert.True(second.GetProperty("queued").GetBoolean());
        var secondId = second.GetProperty("run").GetString()!;
        using var viewer = _server.Client("viewer");
        var list = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs");
        Assert.Equal(secondId, list.GetProperty("queued")[0].GetProperty("id").GetString());
        Assert.Equal("queued", (await _server.WaitForOutcomeAsync(secondId, "queued")).GetProperty("run").GetProperty("outcome").GetString());
        await Task.Delay(500);
        Assert.Single(_server.Bakes.Runs); // still one at a time
        _server.Bakes.Open("bake-dev-api");
        await _server.WaitForOutcomeAsync(secondId, "succeeded");
        var firstDone = await _server.WaitForOutcomeAsync(first, "succeeded");
        var secondRun = await _server.WaitForOutcomeAsync(secondId, "succeeded");
        Assert.True(secondRun.GetProperty("run").GetProperty("started").GetDateTimeOffset()
            >= firstDone.GetProperty("run").GetProperty("finished").GetDateTimeOffset().AddMilliseconds(-5));
    }

    [Fact]
    public async Task A_job_that_refuses_to_queue_answers_409_while_its_family_is_busy_and_creates_nothing()
    {
        _server.Bakes.Hold("bake-dev-web");
        var first = (await StartAsync("bake-dev-web")).GetProperty("run").GetString()!;
        await _server.WaitForOutcomeAsync(first, "running");
        var refused = await StartAsync("bake-dev-web", HttpStatusCode.Conflict);
        Assert.Contains("busy", refused.GetProperty("error").GetString());
        Assert.Single(await _server.Store.ListRunsAsync(new(), default));
        _server.Bakes.Open("bake-dev-web");
        await _server.WaitForOutcomeAsync(first, "succeeded");
    }

    [Fact]
    public async Task Cancel_stops_a_running_run_after_its_cleanup_and_withdraws_a_queued_one()
    {
        _server.Bakes.Hold("bake-dev-api");
        var running = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        await _server.WaitForOutcomeAsync(running, "running");
        var queued = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        using var op = _server.Client("operator");
        var withdrawn = await op.PostAsync($"/api/v1/runs/{queued}/cancel", null);
        Assert.Equal("cancelled", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await op.PostAsync($"/api/v1/runs/{running}/cancel", null)).StatusCode);
        var cancelled = await _server.WaitForOutcomeAsync(running, "cancelled");
        Assert.Equal("cancelled by operator", cancelled.GetProperty("run").GetProperty("error").GetString());
        Assert.Equal("cleaned", cancelled.GetProperty("resources")[0].GetProperty("state").GetString());
        var withdrawnRun = await _server.WaitForOutcomeAsync(queued, "cancelled");
        Assert.Contains("while queued", withdrawnRun.GetProperty("run").GetProperty("error").GetString());
        Assert.Single(_server.Bakes.Runs);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"/api/v1/runs/{running}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsync("/api/v1/runs/kiln-nope/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Delete_removes_a_finished_run_and_refuses_a_running_one()
    {
        _server.Bakes.Hold("bake-dev-api");
        var run = (await StartAsync("bake-dev-api")).GetProperty("run").GetString()!;
        await _server.WaitForOutcomeAsync(run, "running");
        using var op = _server.Client("operator");
        Assert.Equal(HttpStatusCode.Conflict, (await op.DeleteAsync($"/api/v1/runs/{run}")).StatusCode);
        _server.Bakes.Open("bake-dev-api");
        await _server.WaitForOutcomeAsync(run, "succeeded");
        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/api/v1/runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/v1/runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.DeleteAsync($"/api/v1/runs/{run}")).StatusCode);
    }

    [Fact]
    public async Task A_chained_job_gets_the_new_image_and_a_kind_not_built_yet_fails_clearly()
    {
        var bake = (await StartAsync("bake-stg-api")).GetProperty("run").GetString()!;
        var baked = await _server.WaitForOutcomeAsync(bake, "succeeded");
        var image = baked.GetProperty("run").GetProperty("image").GetString();
        using var viewer = _server.Client("viewer");
        JsonElement deploys;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            deploys = (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=deploy-stg-api")).GetProperty("runs");
            await Task.Delay(100);
        } while (deploys.GetArrayLength() == 0 && DateTime.UtcNow < deadline);
        var deploy = await _server.WaitForOutcomeAsync(deploys[0].GetProperty("id").GetString()!, "failed");
        Assert.Contains("deploy jobs are not available", deploy.GetProperty("run").GetProperty("error").GetString());
        Assert.Contains($"\"input\":\"{image}\"", deploy.GetProperty("arguments").GetString());
        Assert.Contains(bake, deploy.GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task A_failing_job_is_recorded_failed_with_its_error()
    {
        var run = (await StartAsync("bake-broken")).GetProperty("run").GetString()!;
        var failed = await _server.WaitForOutcomeAsync(run, "failed");
        Assert.Equal("the playbook failed on task 3", failed.GetProperty("run").GetProperty("error").GetString());
        using var viewer = _server.Client("viewer");
        var filtered = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?outcome=failed&family=hoge-dev-broken-base");
        Assert.Equal(run, filtered.GetProperty("runs")[0].GetProperty("id").GetString());
        var none = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?outcome=succeeded&job=bake-broken");
        Assert.Equal(0, none.GetProperty("runs").GetArrayLength());
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(0, (await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/runs?since={tomorrow}")).GetProperty("runs").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/runs?outcome=great", "outcome 'great'")]
    [InlineData("/api/v1/runs?since=yesterday", "since 'yesterday'")]
    [InlineData("/api/v1/runs?limit=0", "limit '0'")]
    [InlineData("/api/v1/runs?since=2026-02-02&until=2026-01-01", "since is after until")]
    [InlineData("/api/v1/runs/kiln-x/log?limit=0", "limit")]
    [InlineData("/api/v1/families/Not_A_Family", "family")]
    public async Task Bad_query_input_is_a_400_with_a_clear_json_body(string path, string problem)
    {
        using var viewer = _server.Client("viewer");
        var response = await viewer.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_jobs_and_runs_are_404()
    {
        var body = await StartAsync("no-such-job", HttpStatusCode.NotFound);
        Assert.Contains("no job 'no-such-job'", body.GetProperty("error").GetString());
        using var viewer = _server.Client("viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/runs/kiln-none")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/runs/kiln-none/log")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/runs/kiln-none/log/stream")).StatusCode);
        Assert.Empty(await _server.Store.ListRunsAsync(new(), default));
    }

    [Fact]
    public async Task Jobs_and_families_are_listed()
    {
        using var viewer = _server.Client("viewer");
        var jobs = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/jobs");
        Assert.Equal(TestJobs.All.Select(j => j.Name), jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.Equal("refuse", jobs[1].GetProperty("concurrency").GetString());
        var families = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/families");
        Assert.Contains("hoge-dev-api-base", families.EnumerateArray().Select(f => f.GetProperty("family").GetString()));
        Assert.Contains("no cloud", families[0].GetProperty("note").GetString());
    }
}
