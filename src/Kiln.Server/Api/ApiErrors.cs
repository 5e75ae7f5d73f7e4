using System.Text.Json;

namespace Kiln.Server;

/// <summary>Every refused API request answers with this body: what is wrong and, where it helps, each problem.</summary>
public sealed record ApiError(string Error, IReadOnlyList<string>? Problems = null);

public static class ApiErrors
{
    public static IResult BadRequest(IReadOnlyList<string> problems) =>
        Results.Json(new ApiError("bad request: " + string.Join("; ", problems), problems), statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string what) => Results.Json(new ApiError(what), statusCode: StatusCodes.Status404NotFound);
    public static IResult Conflict(string why) => Results.Json(new ApiError(why), statusCode: StatusCodes.Status409Conflict);
    public static IResult Forbidden(string why) => Results.Json(new ApiError(why), statusCode: StatusCodes.Status403Forbidden);

    public static Task WriteAsync(HttpContext ctx, int status, string error)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new ApiError(error), JsonSerializerOptions.Web));
    }
}
