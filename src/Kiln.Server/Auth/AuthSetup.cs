using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Auth;

/// <summary>Two ways in: a cookie for the web UI (login form, antiforgery on every form) and bearer tokens for the
/// API and `kiln run`. A policy scheme picks the bearer handler when the request carries one. API requests without
/// credentials get a 401 JSON body, browsers a redirect to the login page. Sessions live on the server
/// (<see cref="SessionCookie"/>), signed with this installation's own keys (<see cref="KeyRing"/>).</summary>
public static class AuthSetup
{
    public const string Scheme = "Kiln";
    public const string CsrfHeader = "X-Kiln-Csrf";

    public static IServiceCollection AddKilnAuth(this IServiceCollection services, ServerOptions options)
    {
        var secure = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddKilnKeyRing(options);
        services.AddSingleton<SessionStore>().AddSingleton(sp => new LoginThrottle(
            sp.GetRequiredService<Database.ServerDatabase>(), sp.GetRequiredService<TimeProvider>(), options.Throttle));
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.Scheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "kiln-session";
                o.Cookie.HttpOnly = true;
                // Strict: no other site can make the browser send it (a second wall behind the antiforgery tokens).
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.SecurePolicy = secure;
                // The server enforces both lifetimes (SessionStore); the cookie itself lasts no longer than the absolute one.
                o.ExpireTimeSpan = options.Sessions.Absolute;
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = SessionCookie.ValidateAsync;
                o.Events.OnRedirectToLogin = ctx => IsApi(ctx.Request)
                    ? ApiErrors.WriteAsync(ctx.HttpContext, StatusCodes.Status401Unauthorized,
                        "authentication required: send `Authorization: Bearer <token>` or log in")
                    : Redirect(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => IsApi(ctx.Request)
                    ? ApiErrors.WriteAsync(ctx.HttpContext, StatusCodes.Status403Forbidden, "your role does not allow this")
                    : Redirect(ctx);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.CanView, p => p.RequireAuthenticatedUser())
            .AddPolicy(Roles.CanOperate, p => p.RequireRole(Roles.Name(Role.Operator), Roles.Name(Role.Admin)))
            .AddPolicy(Roles.CanAdminister, p => p.RequireRole(Roles.Name(Role.Admin)));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "kiln-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
        });
        return services;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A change made with the session cookie must carry the antiforgery token (form field or header);
    /// bearer-token calls are not sent by browsers on their own, so they need none.</summary>
    public static async Task<bool> PassesCsrfAsync(HttpContext ctx)
    {
        if (ctx.User.Identity?.AuthenticationType == BearerTokenHandler.Scheme) return true;
        var antiforgery = ctx.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(ctx);
    }
}
