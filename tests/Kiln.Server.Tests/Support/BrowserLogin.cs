using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Support;

/// <summary>The login form, filled and sent; the runs page is where it lands (<see cref="Arrival"/>). When it does not,
/// the failure says where the page stood, what it showed (a refused login, an error page) and which of its requests went
/// unanswered, not only that a wait ran out.</summary>
public static class BrowserLogin
{
    public static async Task LogInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        // The page's requests still unanswered, for the failure message.
        var pending = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, DateTime>();
        page.Request += (_, r) => pending[r] = DateTime.UtcNow;
        page.RequestFinished += (_, r) => pending.TryRemove(r, out DateTime _);
        page.RequestFailed += (_, r) => pending.TryRemove(r, out DateTime _);
        await page.ClickAsync("button[type=submit]");
        try { await Arrival.AtAsync(page, new Regex("/runs$")); }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 10_000 });
            throw new Xunit.Sdk.XunitException($"the login as {name} did not reach /runs: the page is {page.Url}, showing:\n" +
                $"{(text.Length > 600 ? text[..600] : text)}\nrequests unanswered: " +
                $"[{string.Join(", ", pending.Select(p => $"{p.Key.Method} {p.Key.Url} since {p.Value:HH:mm:ss.fff}"))}]\n({e.Message.Split('\n')[0]})");
        }
    }
}
