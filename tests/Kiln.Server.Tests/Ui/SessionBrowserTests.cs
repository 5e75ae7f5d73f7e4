using System.Text.RegularExpressions;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>In a real browser: logging out in one tab ends the session for every tab (the next click of another tab
/// lands on the login page), and no page breaks the Content-Security-Policy (no inline script or style).</summary>
public sealed class SessionBrowserTests : ServerWithBrowser
{
    [Fact]
    public async Task A_tab_logged_out_elsewhere_goes_to_the_login_page_at_its_next_click()
    {
        var first = await Browser.NewPageAsync(Server.Address);
        await BrowserLogin.LogInAsync(first, "operator", TestServer.Password);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/runs");
        Assert.EndsWith("/runs", second.Url);

        await first.ClickAsync("form.who button[type=submit]");
        await Arrival.AtAsync(first, new Regex("/login$"));
        await second.ClickAsync("nav a[href='/jobs']");
        await Arrival.AtAsync(second, new Regex("/login\\?ReturnUrl=%2Fjobs$"));
        await Assertions.Expect(second.Locator("form.login")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task No_page_breaks_the_content_security_policy()
    {
        var page = await Browser.NewPageAsync(Server.Address);
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text); };
        await BrowserLogin.LogInAsync(page, "operator", TestServer.Password);
        await page.GotoAsync("/jobs");
        await page.ClickAsync("button.start[data-job=bake-dev-api]");
        await Arrival.AtAsync(page, new Regex("/runs/kiln-"), 60_000);
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("made ami-", new() { Timeout = 60_000 });
        // The run page reloads itself 1.5 s after the run ends (run-log.js): leaving before that reload raced it
        // (net::ERR_ABORTED on the next navigation). The reloaded page shows a finished run.
        await Assertions.Expect(page.Locator("#log[data-live='false']")).ToBeAttachedAsync(new() { Timeout = 60_000 });
        await page.GotoAsync("/families");
        Assert.Empty(violations);
    }
}
