using System.Text.RegularExpressions;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Ui;

/// <summary>The web UI in headless Chromium: log in, start a bake from the jobs page, watch its log arrive live,
/// and find the run in the runs page.</summary>
public sealed class WebUiTests : ServerWithBrowser
{
    private async Task<IPage> LoginAsync(string user)
    {
        var page = await Browser.NewPageAsync(Server.Address);
        await page.GotoAsync("/runs");
        Assert.EndsWith("/login?ReturnUrl=%2Fruns", page.Url);
        await page.FillAsync("input[name=name]", user);
        await page.FillAsync("input[name=password]", TestServer.Password);
        await page.ClickAsync("button[type=submit]");
        await Arrival.AtAsync(page, new Regex("/runs$"));
        return page;
    }

    /// <summary>An operator starts the dev-api bake from the jobs page, held before it ends; the page is its run's.</summary>
    private async Task<IPage> StartHeldBakeAsync()
    {
        var page = await LoginAsync("operator");
        Server.Bakes.Hold("bake-dev-api");
        await page.GotoAsync("/jobs");
        await page.ClickAsync("button.start[data-job=bake-dev-api]");
        await Arrival.AtAsync(page, new Regex("/runs/kiln-"), 60_000);
        return page;
    }

    [Fact]
    public async Task An_operator_starts_a_bake_and_watches_its_log_stream_live()
    {
        var page = await StartHeldBakeAsync();
        // Lines written after the page loaded arrive through the event stream, without a reload.
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("working 5", new() { Timeout = 60_000 });
        Assert.Equal("live", await page.Locator("#live").TextContentAsync());
        Server.Bakes.Open("bake-dev-api");
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("made ami-", new() { Timeout = 60_000 });
        // The page reloads once the run ends: the final outcome and the cleaned resource show.
        await Assertions.Expect(page.Locator(".summary .badge.succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("td .badge.cleaned")).ToBeVisibleAsync();
        Assert.DoesNotContain("s3cr3t-vault-value", await page.ContentAsync());

        await page.GotoAsync("/runs?outcome=succeeded");
        await Assertions.Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Leaving_a_run_page_as_its_run_ends_is_not_undone_by_the_pages_reload()
    {
        var page = await StartHeldBakeAsync();
        // The families page answers slowly, so the run page's reload (1.5 s after its run ends) falls inside the
        // navigation the user started.
        await page.RouteAsync("**/families", async route => { await Task.Delay(3000); await route.ContinueAsync(); });
        Server.Bakes.Open("bake-dev-api");
        await Assertions.Expect(page.Locator("#live.succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.ClickAsync("nav a[href='/families']");

        await Arrival.AtAsync(page, new Regex("/families$"), 15_000);
        await Task.Delay(2000); // past the moment the reload was due
        Assert.EndsWith("/families", page.Url);
    }

    [Fact]
    public async Task A_queued_runs_page_shows_it_running_once_its_log_arrives()
    {
        var page = await StartHeldBakeAsync(); // the family is busy: the next run of the job waits
        await page.GotoAsync("/jobs");
        await page.ClickAsync("button.start[data-job=bake-dev-api]");
        await Arrival.AtAsync(page, new Regex("/runs/kiln-"), 60_000);
        await Assertions.Expect(page.Locator("#outcome .badge.queued")).ToBeVisibleAsync();
        // Every outcome the summary shows from now on, kept in sessionStorage: the page reloads 1.5 s after the run ends
        // (the reloaded page shows the final outcome from the server).
        await page.EvaluateAsync("""
            () => {
              sessionStorage.setItem("seen", "[]");
              new MutationObserver(() => {
                const seen = JSON.parse(sessionStorage.getItem("seen"));
                seen.push(document.querySelector("#outcome .badge").textContent);
                sessionStorage.setItem("seen", JSON.stringify(seen));
              }).observe(document.getElementById("outcome"), { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """);
        Server.Bakes.Open("bake-dev-api"); // the first run ends, the queued one starts, streams its log and ends

        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("made ami-", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#outcome .badge.succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var seen = await page.EvaluateAsync<string[]>("() => JSON.parse(sessionStorage.getItem('seen'))");
        Assert.Equal(new[] { "running" }, seen.Distinct());
    }

    [Fact]
    public async Task A_viewer_sees_no_start_button_and_a_forged_form_post_is_refused()
    {
        var page = await LoginAsync("viewer");
        await page.GotoAsync("/jobs");
        Assert.Equal(0, await page.Locator("button.start").CountAsync());
        var forged = await page.APIRequest.PostAsync("/jobs/bake-dev-api/start");
        Assert.Equal(403, forged.Status);
        var operatorPage = await LoginAsync("operator");
        var noToken = await operatorPage.APIRequest.PostAsync("/jobs/bake-dev-api/start");
        Assert.Equal(400, noToken.Status); // no antiforgery token
        Assert.Empty(await Server.Store.ListRunsAsync(new(), default));
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_no_session()
    {
        var page = await Browser.NewPageAsync(Server.Address);
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", "admin");
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToHaveTextAsync("Wrong user or password.");
        await page.GotoAsync("/runs");
        Assert.Contains("/login", page.Url);
    }
}
