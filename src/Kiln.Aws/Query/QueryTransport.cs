using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Query;

/// <summary>Sends Query API calls (form-encoded POST, SigV4-signed, XML answers) for one service at one endpoint.
/// Transient errors are retried by <see cref="AwsPolicies.Transient"/>; errors become <see cref="CloudException"/>
/// with the service's code.</summary>
public sealed class QueryTransport(HttpClient http, QueryService service, Uri endpoint, string region,
    AWSCredentials credentials, AwsPolicies policies)
{
    private const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    public QueryService Service => service;
    public Uri Endpoint => endpoint;

    public QueryForm NewForm(string action) => new(action, service.Version);

    /// <summary>Returns the `{Action}Result` element (empty when the answer has none, as for SetDesiredCapacity).</summary>
    public Task<XElement> CallAsync(QueryForm form, CancellationToken ct) =>
        policies.ExecuteAsync(c => SendOnceAsync(form, c), createdAt: null, ct);

    private async Task<XElement> SendOnceAsync(QueryForm form, CancellationToken ct)
    {
        var body = form.Encode();
        var signed = await QuerySigner.SignAsync(endpoint, service.SigningName, region, body, ContentType, credentials, ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Content.Headers.TryAddWithoutValidation(name, value);
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase)) // HttpClient sends the same authority
                request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw ParseError(text, (int)response.StatusCode);
        var root = XElement.Parse(text);
        return root.Element(service.Namespace + form.Action + "Result") ?? new XElement(service.Namespace + form.Action + "Result");
    }

    /// <summary>Both shapes AWS uses: `ErrorResponse/Error/Code` (Auto Scaling, ELB) and `Response/Errors/Error/Code` (EC2).</summary>
    internal static CloudException ParseError(string body, int status)
    {
        try
        {
            var root = XElement.Parse(body);
            var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            if (!string.IsNullOrEmpty(code)) return new CloudException(code, message ?? "(no message)", status);
        }
        catch (XmlException) { }
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        return new CloudException($"Http{status}", string.IsNullOrWhiteSpace(excerpt) ? "(empty answer)" : excerpt, status);
    }
}
