using System.Diagnostics;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Kiln.LocalCloud.Auth;
using Kiln.LocalCloud.Podman;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kiln.LocalCloud.Hosting;

/// <summary>
/// The single request pipeline: read → verify SigV4 → pick the service it is signed for → parse parameters →
/// interceptors → handler → XML. Every failure leaves as AWS's error XML with AWS's status; only a true bug becomes
/// 500 InternalError (logged).
/// </summary>
public sealed class QueryEndpoint(
    CloudServices cloud, SigV4Verifier verifier, IReadOnlyList<QueryApi> apis, IReadOnlyList<IEc2Interceptor> interceptors,
    CancellationToken serverStopping)
{
    public const string HealthPath = "/_kiln/health";
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public async Task HandleAsync(HttpContext http)
    {
        if (http.Request.Path == HealthPath)
        {
            // Lets a client check that an endpoint.json names a live local cloud of this KILN_HOME.
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(cloud.Layout.HomeHash, http.RequestAborted);
            return;
        }
        var requestId = Guid.NewGuid().ToString();
        var clock = Stopwatch.StartNew();
        var action = "?";
        var api = apis[0];
        int status;
        try
        {
            var body = await ReadBodyAsync(http.Request);
            var auth = verifier.Verify(http.Request, body);
            api = apis.FirstOrDefault(a => a.SigningName == auth.Service)
                ?? throw new Ec2Exception("InvalidAction",
                    $"The local cloud does not serve '{auth.Service}'; it serves {string.Join(", ", apis.Select(a => a.SigningName))}.");
            var values = Parameters(http.Request, body);
            action = values.GetValueOrDefault("Action") ?? throw Ec2Errors.Missing("Action");
            var handler = api.Actions.Find(action)
                ?? throw new Ec2Exception("InvalidAction", $"The action {action} is not valid for this web service.");
            var call = new Ec2Call(action, new QueryParams(values), auth.Region, requestId, cloud);
            if (call.Params.Bool("DryRun") == true)
                throw new Ec2Exception("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            // Handlers run on the server's lifetime, not the client's: a client that hangs up mid-RunInstances must
            // not leave a half-made instance behind.
            var result = await Invoke(call, handler, 0, serverStopping);
            status = 200;
            await WriteAsync(http, 200, Success(api, action, requestId, result));
        }
        catch (Ec2Exception e)
        {
            status = e.Status;
            await WriteAsync(http, e.Status, Error(api, e.Code, e.Message, e.Status, requestId));
        }
        catch (PodmanException e)
        {
            status = 500;
            cloud.Trace($"local-cloud: {action} failed in podman: {e.Message}");
            await WriteAsync(http, 500, Error(api, "InternalError", $"The local cloud could not complete {action}: {e.Message}", 500, requestId));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            status = 500;
            cloud.Trace($"local-cloud: {action} failed with a bug: {e}");
            await WriteAsync(http, 500, Error(api, "InternalError", "An internal error has occurred", 500, requestId));
        }
        cloud.Trace($"local-cloud: {(api.Ec2Shape ? "" : api.SigningName + ":")}{action} {status} {clock.ElapsedMilliseconds} ms");
    }

    private Task<Ec2Result> Invoke(Ec2Call call, Ec2Handler handler, int index, CancellationToken ct) =>
        index < interceptors.Count
            ? interceptors[index].InvokeAsync(call, () => Invoke(call, handler, index + 1, ct), ct)
            : handler(call, ct);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes) throw new Ec2Exception("RequestEntityTooLarge", "The request body is too large.", 413);
        return buffer.ToArray();
    }

    /// <summary>Query string and form body together, as AWS accepts both for Query APIs.</summary>
    private static Dictionary<string, string> Parameters(HttpRequest request, byte[] body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in QueryHelpers.ParseQuery(request.QueryString.Value)) values[k] = v.ToString();
        if (body.Length > 0 && (request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            foreach (var (k, v) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))) values[k] = v.ToString();
        return values;
    }

    public static XDocument Success(QueryApi api, string action, string requestId, Ec2Result result)
    {
        if (api.Ec2Shape)
            return new XDocument(new XDeclaration("1.0", "UTF-8", null),
                Ec2Xml.E($"{action}Response", Ec2Xml.E("requestId", requestId), result.Elements.ToArray<object?>()));
        // Handlers build elements in EC2's namespace; other services answer in their own.
        var elements = result.Elements.Select(e => new XElement(e)).ToList();
        foreach (var e in elements.SelectMany(e => e.DescendantsAndSelf())) e.Name = api.Namespace + e.Name.LocalName;
        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(api.Namespace + $"{action}Response",
                new XElement(api.Namespace + $"{action}Result", elements),
                new XElement(api.Namespace + "ResponseMetadata", new XElement(api.Namespace + "RequestId", requestId))));
    }

    /// <summary>EC2's error shape (`Response/Errors/Error`), or the Query one (`ErrorResponse/Error` with a Type).</summary>
    public static XDocument Error(QueryApi api, string code, string message, int status, string requestId) =>
        api.Ec2Shape
            ? new XDocument(new XDeclaration("1.0", "UTF-8", null),
                new XElement("Response",
                    new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
                    new XElement("RequestID", requestId)))
            : new XDocument(new XDeclaration("1.0", "UTF-8", null),
                new XElement(api.Namespace + "ErrorResponse",
                    new XElement(api.Namespace + "Error",
                        new XElement(api.Namespace + "Type", status >= 500 ? "Receiver" : "Sender"),
                        new XElement(api.Namespace + "Code", code), new XElement(api.Namespace + "Message", message)),
                    new XElement(api.Namespace + "RequestId", requestId)));

    private static async Task WriteAsync(HttpContext http, int status, XDocument document)
    {
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) }))
            await document.SaveAsync(writer, CancellationToken.None);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/xml;charset=UTF-8";
        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
