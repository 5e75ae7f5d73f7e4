using System.Text.Json;
using Kiln.Core.Cloud;

namespace Kiln.Gcp.Api;

/// <summary>Google's JSON error body (`{"error": {"code": 404, "message": …, "errors": [{"reason": "notFound"}]}}`)
/// as a <see cref="CloudException"/> whose code is Google's reason, so callers and messages can name it.</summary>
public static class ComputeErrors
{
    public const string NetworkError = "networkError";
    public const string RequestTimeout = "requestTimeout";
    public const string AlreadyExists = "alreadyExists";
    public const string InUse = "resourceInUseByAnotherResource";

    public static CloudException FromResponse(int status, string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<ErrorBody>(body, ComputeJson.Options)?.Error;
            if (error is not null)
            {
                var reason = error.Errors?.FirstOrDefault(e => e.Reason is not null)?.Reason ?? error.Status ?? $"http{status}";
                return new CloudException(reason, error.Message ?? $"HTTP {status}", status);
            }
        }
        catch (JsonException) { /* not Google's body (a proxy's page): the status is all there is */ }
        return new CloudException($"http{status}", Trim(body), status);
    }

    /// <summary>A failed operation: its first error, with the HTTP status the operation names.</summary>
    public static CloudException FromOperation(Operation op)
    {
        var first = op.Error?.Errors?.FirstOrDefault();
        return new CloudException(first?.Code ?? "operationFailed",
            $"{op.OperationType ?? "operation"} {op.Name} on {op.TargetLink ?? "?"} failed: {first?.Message ?? op.HttpErrorMessage ?? "no detail"}",
            op.HttpErrorStatusCode);
    }

    private static string Trim(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
