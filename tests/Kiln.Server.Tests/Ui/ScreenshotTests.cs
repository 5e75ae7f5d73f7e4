using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Inventory;
using Kiln.Core.Runs;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>Renders the runs page and a run's page with a few runs of every outcome, and a bake's page with what
/// changed from its source (two bakes with inventories written into the history). The pictures go to
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
    public async Task The_runs_page_and_run_pages_render_every_outcome_and_a_bake_s_changes_from_its_source()
    {
        await Server.WaitForOutcomeAsync(await StartAsync("bake-dev-api"), "succeeded");
        await Server.WaitForOutcomeAsync(await StartAsync("bake-broken"), "failed");
        await Server.WaitForOutcomeAsync(await StartAsync("bake-stg-api"), "succeeded");
        Server.Bakes.Hold("bake-dev-api");
        var running = await StartAsync("bake-dev-api");
        await Server.WaitForOutcomeAsync(running, "running");
        await StartAsync("bake-dev-api");

        var page = await Browser.NewPageAsync(Server.Address);
        await BrowserLogin.LogInAsync(page, "operator", TestServer.Password);
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

        await AssertSourceDiffAsync(page);
    }

    private const string Family = "shots-dev-api-base";

    private async Task BakeAsync(string run, DateTimeOffset started, string image, string source, string nginx, string mode, IReadOnlyList<AnsibleRecap> recaps)
    {
        var store = Server.Store;
        await store.CreateRunAsync(new RunStart(new RunId(run), "bake", Family, "{}", "operator", "local", started, "h", 1), default);
        await store.RecordStepAsync(new RunId(run), new StepRecord("provision", started, TimeSpan.FromSeconds(40), "Succeeded"), default);
        await store.RecordInventoryAsync(new RunId(run), $"{Family}-{image}", new ImageInventory(
            [new PackageEntry("nginx", nginx, "amd64"), new PackageEntry($"only-{run}", "1", "all")],
            [new FileEntry("/etc/motd", "f", mode, "root:root", 3, "aa")], ImageInventory.DefaultRoots,
            new InventoryLineage(source, null, "c1", false, "1.0.0", "d", new Dictionary<string, string>(), new Dictionary<string, string>()))
            { Ansible = recaps }, default);
        await store.FinishRunAsync(new RunId(run), RunOutcome.Succeeded, null, $"ami-{run[^1]} {Family}-{image}", null, default);
    }

    /// <summary>A bake whose source has a recorded inventory: the run page lists packages, files and inputs that
    /// differ, and the tasks its ansible changed; its source, baked from an image without one, says so.</summary>
    private async Task AssertSourceDiffAsync(IPage page)
    {
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await BakeAsync("kiln-shot-a", t0, "20261201-0000", "ami-base", "1.22", "644", []);
        await BakeAsync("kiln-shot-b", t0.AddMinutes(5), "20261201-0005", "ami-a", "1.24", "600",
            [new AnsibleRecap("dev.yml", 2, [new ChangedTask("all", "nginx : nginx.conf"), new ChangedTask("all", "common : <b>motd</b>")])]);

        await page.GotoAsync("/runs/kiln-shot-b");
        var diff = page.Locator(".source-diff");
        await Assertions.Expect(diff.Locator("ul.packages li.added")).ToHaveTextAsync("+ only-kiln-shot-b 1 (all)");
        await Assertions.Expect(diff.Locator("ul.packages li.removed")).ToHaveTextAsync("− only-kiln-shot-a 1 (all)");
        await Assertions.Expect(diff.Locator("ul.packages li.changed")).ToHaveTextAsync("~ nginx 1.22 (amd64) → 1.24 (amd64)");
        await Assertions.Expect(diff.Locator("ul.files li.changed")).ToHaveTextAsync("~ /etc/motd mode");
        await Assertions.Expect(diff.Locator("ul.inputs li")).ToHaveTextAsync("source image ami-base → ami-a");
        await Assertions.Expect(diff.Locator(".changed-tasks li")).ToHaveTextAsync(["all: nginx : nginx.conf", "all: common : <b>motd</b>"]);
        await Assertions.Expect(diff.Locator(".changed-tasks b")).ToHaveCountAsync(0); // a task's name is text, never markup
        await page.GotoAsync("/runs/kiln-shot-a");
        await Assertions.Expect(page.Locator(".source-diff .diff-missing")).ToContainTextAsync("no recorded inventory of its source ami-base");
        await Assertions.Expect(page.Locator(".source-diff .changed-tasks-none")).ToHaveTextAsync("none recorded");

        // The family's page from the history alone (this server has no cloud): its two bakes on the chart.
        await page.GotoAsync($"/families/{Family}");
        await Assertions.Expect(page.Locator("figure.chart g.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("ol.generations")).ToContainTextAsync("No images known.");
        Assert.Equal(404, (await page.GotoAsync("/families/no-such-family"))!.Status);
        var bad = (await page.GotoAsync("/families/Bad_Name"))!;
        Assert.Equal(400, bad.Status);
        Assert.Contains("family 'Bad_Name' may hold only lower-case letters", await bad.TextAsync());
    }
}
