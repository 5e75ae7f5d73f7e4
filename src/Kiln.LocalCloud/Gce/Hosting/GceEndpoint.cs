using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Podman;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>
/// The Compute Engine REST front end: /compute/v1/… answered as JSON, /batch/compute/v1 as multipart batches. No
/// credentials are asked for (the endpoint is on loopback; gcloud's auth/disable_credentials sends none, and a bearer
/// token from other clients is ignored). Every failure leaves as Google's error body with Google's status.
/// </summary>
public sealed class GceEndpoint(CloudServices cloud, GceRoutes routes, CancellationToken serverStopping)
{
    public const string Prefix = "/compute/v1/";
    public const string BatchPath = "/batch/compute/v1";
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    public static bool Serves(PathString path) =>
        path.StartsWithSegments("/compute") || path.StartsWithSegments("/batch");

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var body = await ReadBodyAsync(request);
        var baseUrl = $"{request.Scheme}://{request.Host}{Prefix}";
        if (request.Path.Equals(BatchPath, StringComparison.Ordinal) || request.Path.Equals("/batch", StringComparison.Ordinal))
        {
            if (request.Method != "POST" || body is null) { await WriteAsync(http, 400, Error(GceErrors.Invalid("A batch is a POST of multipart/mixed."))); return; }
            var (contentType, payload) = await GceBatch.RunAsync(request.ContentType, body, baseUrl, DispatchAsync);
            http.Response.StatusCode = 200;
            http.Response.ContentType = contentType;
            await http.Response.Body.WriteAsync(payload, http.RequestAborted);
            return;
        }
        var path = request.Path.Value ?? "";
        var (status, answer) = path.StartsWith(Prefix, StringComparison.Ordinal)
            ? await DispatchAsync(request.Method, path[Prefix.Length..] + request.QueryString.Value, body ?? [], baseUrl)
            : (404, Error(GceErrors.NotFound(path.TrimStart('/'))));
        await WriteAsync(http, status, answer);
    }

    /// <summary>One call, from the top or from inside a batch: route, parse, run, answer.</summary>
    public async Task<(int Status, JsonNode Body)> DispatchAsync(string verb, string pathAndQuery, byte[] body, string baseUrl)
    {
        var clock = Stopwatch.StartNew();
        var q = pathAndQuery.IndexOf('?');
        var path = (q < 0 ? pathAndQuery : pathAndQuery[..q]).TrimEnd('/');
        var query = q < 0 ? new Dictionary<string, string>() : QueryHelpers.ParseQuery(pathAndQuery[q..])
            .ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        var segments = path.Split('/');
        var method = "?";
        int status;
        JsonNode answer;
        try
        {
            var match = routes.Match(verb, segments) ?? throw GceErrors.Unimplemented(GceRoutes.Describe(verb, segments), verb, path);
            method = match.Route.Method;
            var call = new GceCall(method, match.Values, query, ParseBody(body), baseUrl, cloud);
            // Handlers run on the server's lifetime, not the client's: a client that hangs up mid-insert must not
            // leave a half-made instance behind.
            answer = await match.Route.Handler(call, serverStopping);
            status = 200;
        }
        catch (GceException e)
        {
            (status, answer) = (e.Status, Error(e));
        }
        catch (PodmanException e)
        {
            cloud.Trace($"local-cloud: gce {method} failed in podman: {e.Message}");
            (status, answer) = (500, Error(new GceException(500, "backendError", $"The local cloud could not complete {method}: {e.Message}")));
        }
        catch (Exception e) when (e is not OperationCanceledException || !serverStopping.IsCancellationRequested)
        {
            cloud.Trace($"local-cloud: gce {method} failed with a bug: {e}");
            (status, answer) = (500, Error(new GceException(500, "backendError", "Internal error. Please try again or contact Google Support.")));
        }
        cloud.Trace($"local-cloud: gce:{method} {status} {clock.ElapsedMilliseconds} ms");
        return (status, answer);
    }

    private static JsonObject? ParseBody(byte[] body)
    {
        if (body.Length == 0) return null;
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new GceException(400, "parseError", "Invalid JSON payload received: not an object.");
        }
        catch (JsonException e)
        {
            throw new GceException(400, "parseError", $"Invalid JSON payload received. {e.Message}");
        }
    }

    /// <summary>Google's error body: `{"error": {"code", "message", "errors": [{"message", "domain", "reason"}]}}`.</summary>
    public static JsonObject Error(GceException e) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = e.Status,
            ["message"] = e.Message,
            ["errors"] = new JsonArray(new JsonObject { ["message"] = e.Message, ["domain"] = "global", ["reason"] = e.Reason }),
        },
    };

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes) throw new GceException(413, "invalid", "The request body is too large.");
        return buffer.Length == 0 ? null : buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=UTF-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
