using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>Renders the runs page and a run's page with a few runs of every outcome. The pictures go to
/// KILN_SCREENSHOT_DIR when set (docs/ holds the committed ones), else to a temporary directory.</summary>
public sealed class ScreenshotTests : ServerWithBrowser
{
    private async Task<string> StartAsync(string job)
    {
        using var op = Server.Client("operator");
        var body = await (await op.PostAsync($"/api/v1/jobs/{job}/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("run").GetString()!;
    }

    [Fact]
    public async Task The_runs_page_and_a_run_page_render_every_outcome()
    {
        await Server.WaitForOutcomeAsync(await StartAsync("bake-dev-api"), "succeeded");
        await Server.WaitForOutcomeAsync(await StartAsync("bake-broken"), "failed");
        await Server.WaitForOutcomeAsync(await StartAsync("bake-stg-api"), "succeeded");
        Server.Bakes.Hold("bake-dev-api");
        var running = await StartAsync("bake-dev-api");
        await Server.WaitForOutcomeAsync(running, "running");
        await StartAsync("bake-dev-api");

        var page = await Browser.NewPageAsync(Server.Address);
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
        Server.Bakes.Open("bake-dev-api");

        Assert.True(new FileInfo(runsPng).Length > 10_000);
        Assert.True(new FileInfo(runPng).Length > 10_000);
    }
}
