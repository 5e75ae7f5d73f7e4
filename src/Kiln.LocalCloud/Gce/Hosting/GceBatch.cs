using System.Text;
using System.Text.Json.Nodes;

namespace Kiln.LocalCloud.Gce.Hosting;

/// <summary>
/// Google's batch: a multipart/mixed POST whose parts are HTTP requests (`GET /compute/v1/… HTTP/1.1`, headers, body),
/// answered with one multipart/mixed part per request, `Content-ID: &lt;response-ID&gt;` for each request's ID, each
/// answered as its own call would be. gcloud sends one for a plain `images list` and for commands on several
/// resources. Its MIME writer ends lines with LF, so both LF and CRLF are read.
/// </summary>
public static class GceBatch
{
    public delegate Task<(int Status, JsonNode Body)> Dispatch(string verb, string pathAndQuery, byte[] body, string baseUrl);

    private sealed record Part(string? ContentId, string Verb, string PathAndQuery, byte[] Body);

    public static async Task<(string ContentType, byte[] Payload)> RunAsync(string? contentType, byte[] body, string baseUrl, Dispatch dispatch)
    {
        var boundary = Boundary(contentType)
            ?? throw GceErrors.Invalid("A batch request must be multipart/mixed with a boundary.");
        var parts = Split(Encoding.UTF8.GetString(body), boundary).Select(ParsePart).ToList();
        var answers = new List<(Part Part, int Status, JsonNode Body)>();
        // In order, one at a time: Google runs a batch's parts in any order, but one at a time keeps podman work
        // (instances deleted together) from contending on this small machine.
        foreach (var p in parts)
        {
            var (status, answer) = await dispatch(p.Verb, p.PathAndQuery, p.Body, baseUrl);
            answers.Add((p, status, answer));
        }
        var outer = "batch_" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder();
        foreach (var (p, status, answer) in answers)
        {
            text.Append("--").Append(outer).Append("\r\n");
            text.Append("Content-Type: application/http\r\n");
            if (p.ContentId is { } id) text.Append("Content-ID: <response-").Append(id.Trim('<', '>')).Append(">\r\n");
            text.Append("\r\n");
            text.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
            text.Append("Content-Type: application/json; charset=UTF-8\r\n\r\n");
            text.Append(answer.ToJsonString()).Append("\r\n");
        }
        text.Append("--").Append(outer).Append("--\r\n");
        return ($"multipart/mixed; boundary={outer}", Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string? Boundary(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var piece in contentType.Split(';'))
        {
            var kv = piece.Trim();
            if (kv.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase)) return kv[9..].Trim('"');
        }
        return null;
    }

    private static IEnumerable<string> Split(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var pieces = body.Replace("\r\n", "\n").Split(delimiter);
        // pieces[0] is the preamble; the last piece starts with "--" (the closing delimiter).
        foreach (var piece in pieces.Skip(1))
        {
            if (piece.StartsWith("--", StringComparison.Ordinal)) break;
            yield return piece.TrimStart('\n');
        }
    }

    /// <summary>A part: MIME headers, a blank line, then the HTTP request (request line, headers, blank line, body).</summary>
    private static Part ParsePart(string part)
    {
        var (mimeHeaders, http) = Cut(part);
        var contentId = mimeHeaders.Split('\n')
            .Where(h => h.StartsWith("Content-ID:", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[11..].Trim()).FirstOrDefault();
        var (head, body) = Cut(http);
        var requestLine = head.Split('\n')[0].Split(' ');
        if (requestLine.Length < 2) throw GceErrors.Invalid($"A batch part is not an HTTP request: '{head.Split('\n')[0]}'.");
        var target = requestLine[1];
        var at = target.IndexOf(GceEndpoint.Prefix, StringComparison.Ordinal);
        if (at < 0) throw GceErrors.Invalid($"A batch part asks for '{target}', which is not under {GceEndpoint.Prefix}.");
        body = body.TrimEnd('\n');
        return new Part(contentId, requestLine[0], target[(at + GceEndpoint.Prefix.Length)..], Encoding.UTF8.GetBytes(body));
    }

    private static (string Head, string Tail) Cut(string text)
    {
        var i = text.IndexOf("\n\n", StringComparison.Ordinal);
        return i < 0 ? (text, "") : (text[..i], text[(i + 2)..]);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 403 => "Forbidden", 404 => "Not Found", 409 => "Conflict",
        412 => "Precondition Failed", 500 => "Internal Server Error", _ => "Status",
    };
}
