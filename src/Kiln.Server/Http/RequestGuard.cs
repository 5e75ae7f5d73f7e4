using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Http;

/// <summary>A form with too many fields, an oversized value or body, or a malformed encoding is the client's
/// mistake: it gets 400 (the API keeps Kestrel's 413 for an oversized body) and the log one line, not a 500 and a
/// stack trace per request.</summary>
public static class RequestGuard
{
    /// <summary>Kiln's forms hold a handful of short fields; ASP.NET's defaults (1,024 fields, 4 MiB values) are
    /// far beyond them.</summary>
    public static void Limit(FormOptions o)
    {
        o.ValueCountLimit = 64;
        o.ValueLengthLimit = 64 * 1024;
        o.KeyLengthLimit = 1024;
        o.MultipartBodyLengthLimit = 1024 * 1024;
        o.BufferBodyLengthLimit = 1024 * 1024;
    }

    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("kiln.serve");
        return app.Use(async (ctx, next) =>
        {
            try { await next(ctx); }
            catch (Exception e) when (Refusal(e) is { } reason && !ctx.Response.HasStarted)
            {
                var status = e is BadHttpRequestException b && Auth.AuthSetup.IsApi(ctx.Request) ? b.StatusCode : StatusCodes.Status400BadRequest;
                log.LogWarning("refused {Method} {Path} from {Address}: {Reason} ({Status})", ctx.Request.Method, ctx.Request.Path.Value,
                    ctx.Connection.RemoteIpAddress, reason, status);
                ctx.Response.Clear();
                ctx.Response.StatusCode = status;
                ctx.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.Response.WriteAsync($"The request was refused: {reason}.", CancellationToken.None);
            }
        });
    }

    /// <summary>Why the request is the client's fault, or null when the exception is a real bug.</summary>
    private static string? Refusal(Exception e) => e switch
    {
        InvalidDataException d => d.Message.TrimEnd('.'),
        BadHttpRequestException b => b.Message.TrimEnd('.'),
        AntiforgeryValidationException { InnerException: { } inner } => Refusal(inner),
        InvalidOperationException { InnerException: { } inner } => Refusal(inner),
        IOException { InnerException: { } inner } => Refusal(inner),
        _ => null,
    };
}
