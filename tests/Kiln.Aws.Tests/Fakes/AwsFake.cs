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
        bool RefuseSignature = false, TimeSpan Delay = default);

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

    /// <summary>Like <see cref="Expect"/>, but answers only after <paramref name="delay"/> (real time), to run into a client timeout.</summary>
    public AwsFake ExpectSlow(string service, string action, TimeSpan delay, string resultXml)
    {
        _expected.Enqueue(new(service, action, 200, Envelope(service, action, resultXml), null, Delay: delay));
        return this;
    }

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
        problems.AddRange(_expected.Select(e => $"expected call {e.Service}:{e.Action} never came"));
        if (problems.Count > 0) throw new Xunit.Sdk.XunitException("the AWS fake saw problems:\n" + string.Join("\n", problems));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value.ToArray()));
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(p => p.Key, p => p.Value.ToString());
        var check = SigV4Verifier.Verify(http.Request.Method, http.Request.Path.Value ?? "/", http.Request.QueryString.Value ?? "",
            headers, body, key => key == AccessKey ? SecretKey : null);
        var service = check.Scope?.Service ?? "?";
        var action = form.GetValueOrDefault("Action") ?? "?";
        var call = new FakeCall(service, check.Scope?.Region ?? "?", action, form, headers);

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
        if (next.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(next.Delay, http.RequestAborted); } catch (OperationCanceledException) { return; }
        }
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
