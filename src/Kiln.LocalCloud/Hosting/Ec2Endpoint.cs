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
/// The single request pipeline: read → verify SigV4 → parse parameters → interceptors → handler → XML.
/// Every failure leaves as AWS's error XML with AWS's status; only a true bug becomes 500 InternalError (logged).
/// </summary>
public sealed class Ec2Endpoint(
    CloudServices cloud, SigV4Verifier verifier, ActionTable actions, IReadOnlyList<IEc2Interceptor> interceptors,
    CancellationToken serverStopping, IReadOnlyList<QueryApi>? otherApis = null)
{
    private readonly QueryApi _ec2 = QueryApi.Ec2(actions);

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
        var api = _ec2;
        int status;
        try
        {
            var body = await ReadBodyAsync(http.Request);
            var auth = verifier.Verify(http.Request, body);
            api = ApiFor(auth.Service);
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
            await WriteAsync(http, 200, api.Success(action, requestId, result));
        }
        catch (Ec2Exception e)
        {
            status = e.Status;
            await WriteAsync(http, e.Status, api.Error(e.Code, e.Message, requestId));
        }
        catch (PodmanException e)
        {
            status = 500;
            cloud.Trace($"local-cloud: {action} failed in podman: {e.Message}");
            await WriteAsync(http, 500, api.Error("InternalError", $"The local cloud could not complete {action}: {e.Message}", requestId));
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            status = 500;
            cloud.Trace($"local-cloud: {action} failed with a bug: {e}");
            await WriteAsync(http, 500, api.Error("InternalError", "An internal error has occurred", requestId));
        }
        cloud.Trace($"local-cloud: {action} {status} {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>The service named by the credential scope; EC2 when none other matches (the SDKs sign EC2 as `ec2`).</summary>
    private QueryApi ApiFor(string service) =>
        service == "ec2" ? _ec2
        : otherApis?.FirstOrDefault(a => a.Service == service)
          ?? throw new Ec2Exception("InvalidAction", $"The local cloud does not serve the service '{service}' (it serves ec2, autoscaling and elasticloadbalancing).");

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

    public static XDocument Success(string action, string requestId, Ec2Result result) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            Ec2Xml.E($"{action}Response", Ec2Xml.E("requestId", requestId), result.Elements.ToArray<object?>()));

    /// <summary>EC2's error shape (not the `ErrorResponse` of other Query services).</summary>
    public static XDocument Error(string code, string message, string requestId) =>
        new(new XDeclaration("1.0", "UTF-8", null),
            new XElement("Response",
                new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
                new XElement("RequestID", requestId)));

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
