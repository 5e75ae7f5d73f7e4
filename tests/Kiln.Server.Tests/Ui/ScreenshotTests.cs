using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>Renders the runs page and a run's page with a few runs of every outcome. The pictures go to
/// KILN_SCREENSHOT_DIR when set (docs/ holds the committed ones), else to a temporary directory.</summary>
public sealed class ScreenshotTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private Browser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(TestJobs.All);
        _browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<string> StartAsync(string job)
    {
        using var op = _server.Client("operator");
        var body = await (await op.PostAsync($"/api/v1/jobs/{job}/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("run").GetString()!;
    }

    [Fact]
    public async Task The_runs_page_and_a_run_page_render_every_outcome()
    {
        await _server.WaitForOutcomeAsync(await StartAsync("bake-dev-api"), "succeeded");
        await _server.WaitForOutcomeAsync(await StartAsync("bake-broken"), "failed");
        await _server.WaitForOutcomeAsync(await StartAsync("bake-stg-api"), "succeeded");
        _server.Bakes.Hold("bake-dev-api");
        var running = await StartAsync("bake-dev-api");
        await _server.WaitForOutcomeAsync(running, "running");
        await StartAsync("bake-dev-api");

        var page = await _browser.NewPageAsync(_server.Address);
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", "operator");
        await page.FillAsync("input[name=password]", TestServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/runs$"));
        await Assertions.Expect(page.Locator("table.runs .badge.failed")).ToHaveCountAsync(2); // the bake and the deploy it chained to
        await Assertions.Expect(page.Locator("table.runs .badge.queued")).ToHaveCountAsync(1);
        var dir = Environment.GetEnvironmentVariable("KILN_SCREENSHOT_DIR") ?? Directory.CreateTempSubdirectory("kiln-shots-").FullName;
        var runsPng = Path.Combine(dir, "runs-page.png");
        await page.ScreenshotAsync(new() { Path = runsPng, FullPage = true, Timeout = 90_000 });

        await page.GotoAsync($"/runs/{running}");
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("working 8", new() { Timeout = 60_000 });
        var runPng = Path.Combine(dir, "run-page.png");
        await page.ScreenshotAsync(new() { Path = runPng, FullPage = true, Timeout = 90_000 });
        _server.Bakes.Open("bake-dev-api");

        Assert.True(new FileInfo(runsPng).Length > 10_000);
        Assert.True(new FileInfo(runPng).Length > 10_000);
    }
}
