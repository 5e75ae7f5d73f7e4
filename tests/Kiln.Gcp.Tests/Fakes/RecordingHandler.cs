using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Kiln.Gcp.Tests.Fakes;

/// <summary>One request as the fake saw it.</summary>
public sealed record SeenRequest(string Method, string PathAndQuery, string? Authorization, string Body);

/// <summary>Stands in for Google's Compute Engine API, which cannot be reached here: it answers only the calls a test
/// declared, each once, in the order declared for the same path (calls Kiln makes together may come in any order), with
/// Google-shaped JSON. Any other call is recorded as a failure, answered 400 (which Kiln does
/// not retry), and makes <see cref="VerifyDone"/> throw. Polls (<see cref="Poll"/>) answer any number of times.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly List<(string Method, string Path, int Status, string Body)> _expected = [];
    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public IReadOnlyList<SeenRequest> Seen => _seen.ToList();

    /// <summary>Expects <paramref name="method"/> on a path starting with <paramref name="path"/> (under `compute/v1/`).</summary>
    public RecordingHandler Expect(string method, string path, int status, string body)
    {
        lock (_expected) _expected.Add((method, path, status, body));
        return this;
    }

    private readonly List<(string Method, string Path, Func<string> Body)> _polled = [];

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> any number of times (a poll), with what
    /// <paramref name="body"/> says at that moment (the fake's view of a group that changes as the test's calls land).</summary>
    public RecordingHandler Poll(string method, string path, Func<string> body)
    {
        lock (_expected) _polled.Add((method, path, body));
        return this;
    }

    public void VerifyDone()
    {
        if (!_failures.IsEmpty) throw new Xunit.Sdk.XunitException("unexpected calls:\n" + string.Join("\n", _failures));
        if (_expected.Count > 0) throw new Xunit.Sdk.XunitException("calls never made:\n" + string.Join("\n", _expected.Select(e => $"{e.Method} {e.Path}")));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        var path = request.RequestUri!.PathAndQuery;
        _seen.Enqueue(new SeenRequest(request.Method.Method, path, request.Headers.Authorization?.ToString(), body));
        const string root = "/compute/v1/";
        (string Method, string Path, int Status, string Body) e;
        lock (_expected)
        {
            var at = _expected.FindIndex(x => x.Method == request.Method.Method && (path == root + x.Path || path.StartsWith(root + x.Path + "?", StringComparison.Ordinal)));
            e = at < 0 ? default : _expected[at];
            if (at >= 0) _expected.RemoveAt(at);
        }
        if (e.Method is null)
        {
            Func<string>? polled;
            lock (_expected) polled = _polled.FirstOrDefault(x => x.Method == request.Method.Method && (path == root + x.Path || path.StartsWith(root + x.Path + "?", StringComparison.Ordinal))).Body;
            if (polled is not null) return Json(200, polled());
            _failures.Enqueue($"{request.Method} {path} (not expected)");
            return Json(400, """{"error":{"code":400,"message":"unexpected call","errors":[{"reason":"unexpectedByFake"}]}}""");
        }
        return Json(e.Status, e.Body);
    }

    private static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static string Done(string name, string? zone = "us-central1-a")
    {
        var scope = zone is null ? "" : $",\"zone\":\"https://compute.googleapis.com/compute/v1/projects/p/zones/{zone}\"";
        return "{\"kind\":\"compute#operation\",\"name\":\"" + name + "\",\"status\":\"DONE\"" + scope + "}";
    }

    public static string Running(string name, string? zone = "us-central1-a") => Done(name, zone).Replace("\"DONE\"", "\"RUNNING\"", StringComparison.Ordinal);

    public static string Error(int code, string reason, string message) =>
        $$$"""{"error":{"code":{{{code}}},"message":"{{{message}}}","errors":[{"message":"{{{message}}}","domain":"global","reason":"{{{reason}}}"}]}}""";
}
