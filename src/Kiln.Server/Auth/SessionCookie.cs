using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Auth;

/// <summary>The session cookie names a row of `kiln_sessions`, nothing more trusted: each request looks the row up
/// and takes the user's current role from the database. No row (logged out, user deleted, role or password changed,
/// idle or absolute lifetime passed): the cookie is dropped and the browser sent to the login page.</summary>
public static class SessionCookie
{
    public const string SessionClaim = "kiln:session";

    public static async Task SignInAsync(HttpContext ctx, KilnUser user)
    {
        var id = await ctx.RequestServices.GetRequiredService<SessionStore>().CreateAsync(user.Name, ctx.RequestAborted);
        var principal = Principals.For(user, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, id));
        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }

    public static async Task SignOutAsync(HttpContext ctx)
    {
        if (ctx.User.FindFirstValue(SessionClaim) is { } id)
            await ctx.RequestServices.GetRequiredService<SessionStore>().EndAsync(id, ctx.RequestAborted);
        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var id = ctx.Principal?.FindFirstValue(SessionClaim);
        var session = id is null ? null
            : await services.GetRequiredService<SessionStore>().FindAsync(id, services.GetRequiredService<ServerOptions>().Sessions, ctx.HttpContext.RequestAborted);
        if (session is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var principal = Principals.For(session.User, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, session.Id));
        ctx.ReplacePrincipal(principal);
    }
}
