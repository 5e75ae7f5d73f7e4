using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Kiln.Server.Tests.Support;

/// <summary>Waits for the page a click led to (a form's POST answered by a redirect, a link): its URL once the navigation
/// commits, then the page's heading. Not the page's `load` event: after a redirect, on a machine with every core busy,
/// it sometimes never came (90 s) with the new page already shown.</summary>
public static class Arrival
{
    public static async Task AtAsync(IPage page, Regex url, float timeout = 90_000)
    {
        await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout });
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync(new() { Timeout = timeout });
    }
}
