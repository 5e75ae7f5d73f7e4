using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Support;

/// <summary>The login form, filled and sent; the runs page is where it lands. When it does not, the failure says where the
/// page stood and what it showed (a refused login, an error page), not only that a wait ran out.</summary>
public static class BrowserLogin
{
    public static async Task LogInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        try { await page.WaitForURLAsync(new Regex("/runs$")); }
        catch (TimeoutException e)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
            throw new Xunit.Sdk.XunitException($"the login as {name} did not reach /runs: the page is {page.Url}, showing:\n" +
                $"{(text.Length > 600 ? text[..600] : text)}\n({e.Message.Split('\n')[0]})");
        }
    }
}
