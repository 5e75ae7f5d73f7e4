using System.Text.RegularExpressions;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using Microsoft.Playwright;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Ui;

/// <summary>The jobs page builds a start form from a job's options: a select for a list of values, a password field
/// for a secure option; what the operator picks is the run's options, and the secret appears on no page.</summary>
public sealed class JobFormBrowserTests : ServerWithBrowser
{
    private const string Secret = "tok-5up3r-s3cret";

    protected override IReadOnlyList<JobDefinition> Jobs =>
        [new("bake-any", JobKind.Bake, "hoge-${option.env}-api-base", Extras: new JobExtras([Env, Ticket, Token]))];

    [Fact]
    public async Task An_operator_picks_options_in_the_start_form_and_the_run_carries_them()
    {
        var page = await Browser.NewPageAsync(Server.Address);
        await BrowserLogin.LogInAsync(page, "operator", TestServer.Password);

        await page.GotoAsync("/jobs");
        var env = page.Locator("select[name='option.env']");
        Assert.Equal(["dev", "stg"], (await env.Locator("option").AllTextContentsAsync()).ToArray());
        Assert.Equal("password", await page.Locator("input[name='option.token']").GetAttributeAsync("type"));
        await env.SelectOptionAsync("stg");
        await page.FillAsync("input[name='option.ticket']", "OPS-77");
        await page.FillAsync("input[name='option.token']", Secret);
        await page.ClickAsync("button.start[data-job=bake-any]");
        await Arrival.AtAsync(page, new Regex("/runs/kiln-"), 60_000);
        await Assertions.Expect(page.Locator(".summary .badge.succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        var run = Assert.Single(Server.Bakes.Runs);
        Assert.Equal("hoge-stg-api-base", run.Job.Family);
        var record = await Server.WaitForOutcomeAsync(run.Id.Value, "succeeded");
        var options = record.GetProperty("run").GetProperty("options");
        Assert.Equal(("stg", "OPS-77"), (options.GetProperty("env").GetString(), options.GetProperty("ticket").GetString()));
        Assert.DoesNotContain(Secret, record.ToString());
        Assert.DoesNotContain(Secret, await page.ContentAsync());
    }
}
