namespace Kiln.Server.Http;

/// <summary>Browser hardening on every response, pages and API alike: no inline script or style, no framing
/// (clickjacking on Start, Cancel, Delete), forms post only here, no MIME sniffing, no Referer to other sites.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return next(ctx);
    });
}
