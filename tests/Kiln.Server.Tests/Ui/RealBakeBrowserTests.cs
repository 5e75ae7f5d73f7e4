using System.Text.RegularExpressions;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>A real `kiln serve` process and a real bake of the fixture on the local cloud, driven from headless
/// Chromium: log in, start the bake from the jobs page, watch ansible's output arrive live, and find the new image
/// on the families page.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class RealBakeBrowserTests
{
    [Fact]
    public async Task An_admin_bakes_the_fixture_from_the_browser_and_sees_the_new_image_on_the_family_page()
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

        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", "admin");
        await page.FillAsync("input[name=password]", ServeProcess.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("/runs$"));

        await page.GotoAsync("/jobs");
        await page.ClickAsync("button.start[data-job=bake-dev-api]");
        await page.WaitForURLAsync(new Regex("/runs/kiln-"));
        // ansible-playbook's tasks appear while the run is live: streamed, not loaded with the page.
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("TASK [", new() { Timeout = 180_000 });
        Assert.True(await page.Locator("#live").CountAsync() == 1 || await page.Locator(".summary .badge.succeeded").CountAsync() == 1);
        await Assertions.Expect(page.Locator(".summary .badge.succeeded")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        var image = (await page.Locator(".summary dd.mono").First.TextContentAsync())!.Split(' ')[0];
        Assert.StartsWith("ami-", image);
        var content = await page.ContentAsync();
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(dir, "vault.txt")).Trim(), content);
        if (Environment.GetEnvironmentVariable("KILN_SCREENSHOT_DIR") is { } shots)
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "run-page-bake.png"), FullPage = false, Timeout = 90_000 });

        await page.GotoAsync("/families");
        var family = page.Locator($"section.family[data-family={account}-dev-api-base]");
        await Assertions.Expect(family.Locator("tr.generation")).ToContainTextAsync(image);
        await Assertions.Expect(family.Locator(".timeline .point.newest")).ToHaveCountAsync(1);
    }
}
