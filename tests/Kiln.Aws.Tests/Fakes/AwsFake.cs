using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Aws.Tests.Fakes;

/// <summary>One call as the fake saw it: routed by the SigV4 credential scope's service, like AWS and the local cloud.</summary>
public sealed record FakeCall(string Service, string Region, string Action, IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Headers)
{
    public string this[string key] => Params.TryGetValue(key, out var v) ? v
        : throw new Xunit.Sdk.XunitException($"{Service}:{Action} was sent without parameter {key}; it had: {string.Join(", ", Params.Keys)}");
    public string? Get(string key) => Params.GetValueOrDefault(key);
}

/// <summary>Stands in for real AWS, which cannot be reached here. A Kestrel server on 127.0.0.1 that answers only the
/// calls a test declared, in order, with recorded AWS XML. Every request's SigV4 signature is recomputed with the known
/// secret. Any other call, a bad signature, a stale date or a failed parameter check is recorded as a failure,
/// answered with an error the client cannot retry, and makes <see cref="VerifyDone"/> throw.</summary>
public sealed class AwsFake : IAsyncDisposable
{
    public const string AccessKey = "AKIAKILNFAKEEXAMPLE1";
    public const string SecretKey = "kilnFakeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Expectation> _expected = new();
    private readonly ConcurrentQueue<FakeCall> _calls = new();
    private readonly ConcurrentQueue<string> _failures = new();

    private sealed record Expectation(string Service, string Action, int Status, string Body, Action<FakeCall>? Check,
        bool RefuseSignature = false, bool HoldUntilAbandoned = false, bool Repeat = false)
    {
        public int Answered;
    }

    private AwsFake(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;
    public static BasicAWSCredentials Credentials => new(AccessKey, SecretKey);
    public IReadOnlyList<FakeCall> Calls => _calls.ToList();

    public static async Task<AwsFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new AwsFake(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1") + "/");
        return fake;
    }

    /// <summary>The next call must be <paramref name="service"/>:<paramref name="action"/>; it is answered with
    /// <paramref name="resultXml"/> inside the service's response envelope.</summary>
    public AwsFake Expect(string service, string action, string resultXml, Action<FakeCall>? check = null)
    {
        _expected.Enqueue(new(service, action, 200, Envelope(service, action, resultXml), check));
        return this;
    }

    public AwsFake ExpectError(string service, string action, string code, int status = 400,
        string message = "recorded error", Action<FakeCall>? check = null)
    {
        _expected.Enqueue(new(service, action, status, ErrorXml(service, code, message), check));
        return this;
    }

    /// <summary>The next call gets no answer: the fake holds it until the client gives up on it (its request timeout),
    /// and holds every later one the same way until one was given up. Which attempt that is depends on the machine:
    /// under load the client may abandon a request before this server even reads it, and that attempt is never seen.</summary>
    public AwsFake ExpectNoAnswer(string service, string action)
    {
        _expected.Enqueue(new(service, action, 0, "", null, HoldUntilAbandoned: true));
        return this;
    }

    /// <summary>Every further call is answered like <see cref="Expect"/>, however many come (at least one must): the
    /// answer to a call after <see cref="ExpectNoAnswer"/>, which a client under load may give up on too.</summary>
    public AwsFake ExpectAnswers(string service, string action, string resultXml)
    {
        _expected.Enqueue(new(service, action, 200, Envelope(service, action, resultXml), null, Repeat: true));
        return this;
    }

    /// <summary>Requests the client had given up on before the fake read them: no answer reaches anyone, so they are
    /// neither expected nor unexpected.</summary>
    public int Abandoned => _abandoned;
    private int _abandoned;

    /// <summary>Answers the next call with a raw body (a proxy's page, not AWS XML).</summary>
    public AwsFake ExpectRaw(string service, string action, int status, string body)
    {
        _expected.Enqueue(new(service, action, status, body, null));
        return this;
    }

    /// <summary>The next call must arrive with a signature that does NOT verify; it is refused as AWS does.</summary>
    public AwsFake ExpectSignatureRefusal(string service, string action)
    {
        _expected.Enqueue(new(service, action, 403, ErrorXml(service, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided."), null, RefuseSignature: true));
        return this;
    }

    /// <summary>Throws unless every expected call came, in order, and nothing else did.</summary>
    public void VerifyDone()
    {
        var problems = _failures.ToList();
        problems.AddRange(_expected.Where(e => !(e.Repeat && e.Answered > 0)).Select(e => $"expected call {e.Service}:{e.Action} never came"));
        if (problems.Count > 0) throw new Xunit.Sdk.XunitException("the AWS fake saw problems:\n" + string.Join("\n", problems));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        try { await http.Request.Body.CopyToAsync(buffer, http.RequestAborted); }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested && e is IOException or OperationCanceledException)
        {
            Interlocked.Increment(ref _abandoned);
            return;
        }
        var body = buffer.ToArray();
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value.ToArray()));
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.ToString());
        var check = SigV4Verifier.Verify(http.Request.Method, http.Request.Path.Value ?? "/", http.Request.QueryString.Value ?? "",
            headers, body, key => key == AccessKey ? SecretKey : null);
        var service = check.Scope?.Service ?? "?";
        var action = form.GetValueOrDefault("Action") ?? "?";
        var call = new FakeCall(service, check.Scope?.Region ?? "?", action, form, headers);
        if (http.RequestAborted.IsCancellationRequested) { Interlocked.Increment(ref _abandoned); return; }
        if (_expected.TryPeek(out var held) && held.HoldUntilAbandoned && held.Service == service && held.Action == action)
        {
            _calls.Enqueue(call);
            try { await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted); }
            catch (OperationCanceledException) { }
            // Given up by the client: the expectation is met. Kiln sends one attempt at a time, so none was held beside it.
            lock (_expected) { if (_expected.TryPeek(out var head) && ReferenceEquals(head, held)) _expected.TryDequeue(out _); }
            return;
        }

        if (_expected.TryPeek(out var again) && again.Repeat && again.Service == service && again.Action == action && check.Ok)
        {
            Interlocked.Increment(ref again.Answered);
            _calls.Enqueue(call);
            await Answer(http, again.Status, again.Body);
            return;
        }
        if (!_expected.TryDequeue(out var next))
        {
            await Fail(http, service, $"unexpected call {service}:{action} (no more calls were expected)");
            return;
        }
        if (next.Service != service || next.Action != action)
        {
            await Fail(http, service, $"unexpected call {service}:{action}; expected {next.Service}:{next.Action}");
            return;
        }
        if (next.RefuseSignature)
        {
            if (check.Ok) _failures.Enqueue($"{service}:{action} was expected to carry a bad signature, but it verified");
            await Answer(http, next.Status, next.Body);
            return;
        }
        if (!check.Ok) { await Fail(http, service, $"{service}:{action}: signature refused: {check.Problem}"); return; }
        if (!SigV4Verifier.IsFresh(headers["x-amz-date"], DateTimeOffset.UtcNow))
        {
            await Fail(http, service, $"{service}:{action}: x-amz-date {headers["x-amz-date"]} is not within 15 minutes");
            return;
        }
        if (form.GetValueOrDefault("Version") is not { Length: > 0 })
        {
            await Fail(http, service, $"{service}:{action} was sent without Version");
            return;
        }
        try { next.Check?.Invoke(call); }
        catch (Exception e)
        {
            await Fail(http, service, $"{service}:{action}: parameter check failed: {e.Message}");
            return;
        }
        _calls.Enqueue(call);
        await Answer(http, next.Status, next.Body);
    }

    private async Task Fail(HttpContext http, string service, string problem)
    {
        _failures.Enqueue(problem);
        // A 400 with a code no policy retries: the client fails at once and the test shows the problem.
        await Answer(http, 400, ErrorXml(service, "KilnFakeUnexpectedCall", problem));
    }

    private static async Task Answer(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml;charset=UTF-8";
        await http.Response.WriteAsync(body);
    }

    private static string Namespace(string service) => service switch
    {
        "autoscaling" => "http://autoscaling.amazonaws.com/doc/2011-01-01/",
        "elasticloadbalancing" => "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
        _ => Ec2Namespace,
    };

    /// <summary>EC2 puts the result fields directly in `{Action}Response` with a `requestId`; the other Query services
    /// wrap them in `{Action}Result` and add `ResponseMetadata`.</summary>
    private static string Envelope(string service, string action, string resultXml) => service == "ec2"
        ? $"""<?xml version="1.0" encoding="UTF-8"?><{action}Response xmlns="{Ec2Namespace}"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>{resultXml}</{action}Response>"""
        : $"""<{action}Response xmlns="{Namespace(service)}"><{action}Result>{resultXml}</{action}Result><ResponseMetadata><RequestId>7c6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId></ResponseMetadata></{action}Response>""";

    private static string ErrorXml(string service, string code, string message)
    {
        var escaped = System.Security.SecurityElement.Escape(message);
        return service == "ec2" || service == "?"
            ? $"""<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>{code}</Code><Message>{escaped}</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>"""
            : $"""<ErrorResponse xmlns="{Namespace(service)}"><Error><Type>Sender</Type><Code>{code}</Code><Message>{escaped}</Message></Error><RequestId>a1b2c3d4-example</RequestId></ErrorResponse>""";
    }
}
