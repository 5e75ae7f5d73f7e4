using System.Globalization;
using Kiln.Core.Naming;
using Kiln.Server.Auth;
using Kiln.Server.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Ui;

/// <summary>The login form and logout. A login is refused (429, Retry-After) while its user name or client address is
/// locked by <see cref="LoginThrottle"/>, before any password is checked; every failure is logged with the name and
/// address, never the password.</summary>
public static class LoginEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext ctx, string? returnUrl) =>
            new RazorComponentResult<LoginPage>(new { Ui = UiContext.For(ctx), ReturnUrl = LocalUrl.IsLocal(returnUrl) ? returnUrl : null }))
            .ExcludeFromDescription();
        app.MapPost("/login", LoginAsync).ExcludeFromDescription();
        app.MapPost("/logout", async (HttpContext ctx, IAntiforgery af) =>
        {
            if (!await af.IsRequestValidAsync(ctx)) return Results.BadRequest();
            await SessionCookie.SignOutAsync(ctx);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();
    }

    private static async Task<IResult> LoginAsync(HttpContext ctx, IAntiforgery af, Accounts accounts, LoginThrottle throttle,
        ILoggerFactory logs, CancellationToken ct)
    {
        if (!await af.IsRequestValidAsync(ctx)) return Results.BadRequest("missing or invalid antiforgery token: reload the page");
        var form = await ctx.Request.ReadFormAsync(ct);
        var (name, returnUrl) = (form["name"].ToString(), form["returnUrl"].ToString());
        var address = LoginThrottle.Address(ctx);
        string[] keys = [LoginThrottle.UserKey(name), LoginThrottle.AddressKey(address)];
        var log = logs.CreateLogger("kiln.serve");
        if (await throttle.LockedForAsync(keys, ct) is { } wait)
        {
            log.LogWarning("login refused for user '{User}' from {Address}: too many failed logins, locked for {Seconds} s",
                NameRules.Printable(name), address, Seconds(wait));
            ctx.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
            return Page(ctx, $"Too many failed logins: try again in {Seconds(wait)} s.", returnUrl, StatusCodes.Status429TooManyRequests);
        }
        var user = await accounts.VerifyPasswordAsync(name, form["password"].ToString(), ct);
        if (user is null)
        {
            await throttle.FailAsync(keys, ct);
            log.LogWarning("login failed for user '{User}' from {Address}", NameRules.Printable(name), address);
            return Page(ctx, "Wrong user or password.", returnUrl, StatusCodes.Status401Unauthorized);
        }
        await throttle.ResetAsync(keys[0], ct);
        await SessionCookie.SignInAsync(ctx, user);
        // Only a local path: an open redirect would let a link log someone in and send them elsewhere.
        return Results.Redirect(LocalUrl.OrHome(returnUrl));
    }

    private static int Seconds(TimeSpan wait) => (int)Math.Ceiling(wait.TotalSeconds);

    private static RazorComponentResult<LoginPage> Page(HttpContext ctx, string error, string returnUrl, int status) =>
        new(new { Ui = UiContext.For(ctx), Error = error, ReturnUrl = LocalUrl.IsLocal(returnUrl) ? returnUrl : null }) { StatusCode = status };
}
