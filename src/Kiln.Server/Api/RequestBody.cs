using System.Text.Json;

namespace Kiln.Server.Api;

/// <summary>Reads a JSON body ourselves, so a malformed one gets the same clear 400 body as any other bad input.</summary>
public static class RequestBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext ctx) where T : class
    {
        if (!ctx.Request.HasJsonContentType())
            return (null, ApiErrors.BadRequest(["send a JSON body with Content-Type: application/json"]));
        try
        {
            var value = await ctx.Request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, ctx.RequestAborted);
            return value is null ? (null, ApiErrors.BadRequest(["the body is empty; send a JSON object"])) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.BadRequest([$"the body is not valid JSON: {e.Message}"]));
        }
    }
}

/// <summary>Changes made with the session cookie must carry the antiforgery token; token calls need none.</summary>
public sealed class CsrfFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await Auth.AuthSetup.PassesCsrfAsync(context.HttpContext)
            ? await next(context)
            : ApiErrors.BadRequest([$"missing or invalid antiforgery token: send header {Auth.AuthSetup.CsrfHeader} (or use an API token)"]);
}
