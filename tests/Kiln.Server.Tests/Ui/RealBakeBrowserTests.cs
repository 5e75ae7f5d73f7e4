using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>A real `kiln serve` process and a real bake of the fixture on the local cloud, driven from headless
/// Chromium: log in, start the bake from the jobs page, watch ansible's output arrive live, see what the bake changed
/// on its run page, and find the new image on the families page and the family's own page (its timeline, and its
/// chart with earlier bakes written into the history beside the real one).</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class RealBakeBrowserTests
{
    [Fact]
    public async Task An_admin_bakes_the_fixture_from_the_browser_and_sees_the_new_image_and_its_changes_on_the_family_and_run_pages()
    {
        var account = "b" + Guid.NewGuid().ToString("N")[..8];
        var dir = Fixtures.HogePlaybooksCopy($$"""
            jobs:
              bake-dev-api:
                bake: {account: {{account}}, env: dev, category: api}
            """);
        var db = "sqlite:" + Path.Combine(dir, "server.db");
        await using var serve = await ServeProcess.StartAsync(db, dir, null);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(serve.Address);

        await BrowserLogin.LogInAsync(page, "admin", ServeProcess.AdminPassword);

        await page.GotoAsync("/jobs");
        await page.ClickAsync("button.start[data-job=bake-dev-api]");
        await Arrival.AtAsync(page, new Regex("/runs/kiln-"));
        // ansible-playbook's tasks appear while the run is live: streamed, not loaded with the page.
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("TASK [", new() { Timeout = 180_000 });
        Assert.True(await page.Locator("#live").CountAsync() == 1 || await page.Locator(".summary .badge.succeeded").CountAsync() == 1);
        // The run's outcome badge leaves "queued" and "running" when the bake ends, whichever way: a failed bake fails the test then,
        // with where it stood (its steps and timings are in the run's log), not after the whole wait.
        var outcome = page.Locator(".summary dl > dd > .badge").First;
        try { await Assertions.Expect(outcome).Not.ToHaveClassAsync(new Regex(@"\b(queued|running)\b"), new() { Timeout = 180_000 }); }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nthe run's log, last lines:\n{await LogTailAsync(db, dir, page.Url.Split('/')[^1])}");
        }
        if (await page.Locator(".summary .badge.succeeded").CountAsync() != 1)
            throw new Xunit.Sdk.XunitException($"the bake ended \"{await outcome.TextContentAsync()}\"; the run's log, last lines:\n" +
                await LogTailAsync(db, dir, page.Url.Split('/')[^1]));
        var image = (await page.Locator(".summary dd.mono").First.TextContentAsync())!.Split(' ')[0];
        Assert.StartsWith("ami-", image);
        var content = await page.ContentAsync();
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(dir, "vault.txt")).Trim(), content);
        var shots = Environment.GetEnvironmentVariable("KILN_SCREENSHOT_DIR");
        if (shots is not null)
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "run-page-bake.png"), FullPage = false, Timeout = 90_000 });
        var run = page.Url.Split('/')[^1];
        await AssertChangesAsync(page);

        await page.GotoAsync("/families");
        var familyName = $"{account}-dev-api-base";
        var family = page.Locator($"section.family[data-family={familyName}]");
        await Assertions.Expect(family.Locator("tr.generation")).ToContainTextAsync(image);
        await Assertions.Expect(family.Locator(".timeline .point.newest")).ToHaveCountAsync(1);

        await SeedEarlierBakesAsync(db, dir, familyName, run);
        await page.ClickAsync($"section.family[data-family={familyName}] h2 a");
        await AssertFamilyPageAsync(page, image, run);
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "family-page.png"), FullPage = true, Timeout = 90_000 });
    }

    /// <summary>The run page: the local cloud's base image has no recorded inventory, so there is no diff to show, and
    /// the tasks ansible changed, one per changed result of the recap (`changed_when: false` is not among them).</summary>
    private static async Task AssertChangesAsync(IPage page)
    {
        var diff = page.Locator(".source-diff");
        await Assertions.Expect(diff.Locator(".diff-missing")).ToContainTextAsync("no recorded inventory of its source ami-");
        var recap = diff.Locator(".changed-tasks");
        await Assertions.Expect(recap).ToHaveCountAsync(1);
        Assert.Equal("dev.yml", await recap.GetAttributeAsync("data-playbook"));
        var changed = int.Parse((await recap.GetAttributeAsync("data-changed"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(changed >= 10, $"{changed} changed tasks");
        await Assertions.Expect(recap.Locator("li")).ToHaveCountAsync(changed);
        await Assertions.Expect(recap).ToContainTextAsync("common : application users");
        await Assertions.Expect(recap).ToContainTextAsync("nginx : nginx.conf");
        await Assertions.Expect(recap).Not.ToContainTextAsync("configuration is readable");
    }

    /// <summary>The run's outcome and the last 40 lines of its log (a bake's log is far below the store's page).</summary>
    private static async Task<string> LogTailAsync(string db, string dir, string run)
    {
        await using var store = RunStoreFactory.Open(db, new KilnPaths(dir));
        var outcome = (await store.GetRunAsync(new RunId(run), default))?.Run.Outcome;
        var lines = await store.GetLogAsync(new RunId(run), 0, SqlRunStore.MaxLimit, default);
        return $"outcome: {outcome}\n" + string.Join('\n', lines.TakeLast(40).Select(l => $"{l.Time:HH:mm:ss.fff} {l.Stream}: {l.Text}"));
    }

    /// <summary>Eight earlier bakes of the family, written into the serve's history with the real bake's steps, each a
    /// little faster in provisioning than the one after it: the chart's bars to compare the real bake with.</summary>

    private static async Task SeedEarlierBakesAsync(string db, string dir, string family, string run)
    {
        await using var store = RunStoreFactory.Open(db, new KilnPaths(dir));
        var real = (await store.GetRunAsync(new RunId(run), default))!;
        for (var i = 1; i <= 8; i++)
        {
            var id = new RunId($"kiln-earlier-{i}");
            var started = real.Run.Started.AddHours(-6 * i);
            await store.CreateRunAsync(new RunStart(id, "bake", family, "{}", "admin", real.Run.Cloud, started, "h", 1, "bake-dev-api"), default);
            foreach (var step in real.Steps)
                await store.RecordStepAsync(id, step with
                {
                    Started = started + (step.Started - real.Run.Started),
                    Duration = step.Name == "provision" ? step.Duration * (1 - 0.08 * i) : step.Duration,
                }, default);
            await store.FinishRunAsync(id, RunOutcome.Succeeded, null, null, null, default);
        }
    }

    /// <summary>The family page: the generation on its timeline (untested: the fixture has no `tests:`), and a bar per
    /// bake, the real one on the right, its provision step drawn and named on hover.</summary>
    private static async Task AssertFamilyPageAsync(IPage page, string image, string run)
    {
        var generation = page.Locator("ol.generations li.generation");
        await Assertions.Expect(generation).ToHaveCountAsync(1);
        Assert.Equal((image, "untested", "false"), (await generation.GetAttributeAsync("data-image"),
            await generation.GetAttributeAsync("data-tests"), await generation.GetAttributeAsync("data-deprecated")));
        await Assertions.Expect(generation).ToHaveClassAsync(new Regex("newest"));
        await Assertions.Expect(generation.Locator("a")).ToHaveTextAsync(run);

        var bars = page.Locator("figure.chart g.bar");
        await Assertions.Expect(bars).ToHaveCountAsync(9);
        Assert.Equal(("kiln-earlier-8", run), (await bars.First.GetAttributeAsync("data-run"), await bars.Last.GetAttributeAsync("data-run")));
        await Assertions.Expect(page.Locator("ul.legend li[data-step=provision]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("ul.legend li[data-step='record inventory']")).ToHaveCountAsync(1);
        var provision = bars.Last.Locator("rect[data-step=provision]");
        Assert.Matches($@"^{run} · provision: \d+\.\d s$", await provision.Locator("title").TextContentAsync());
        // Drawn by the browser, and taller than the oldest bake's (the seeded bakes provisioned faster).
        var newest = (await provision.BoundingBoxAsync())!;
        var oldest = (await bars.First.Locator("rect[data-step=provision]").BoundingBoxAsync())!;
        Assert.True(newest.Height > oldest.Height && oldest.Height > 0, $"provision bars {oldest.Height} → {newest.Height} px");
    }
}
