using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.LocalCloud.Auth;

/// <summary>The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.</summary>
public sealed record SigV4Authorization(
    string AccessKey, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";
}

/// <summary>
/// AWS Signature Version 4, as documented in "Create a signed AWS API request": canonical request → string to sign →
/// HMAC chain. Pure functions, so the verifier recomputes exactly what the client computed.
/// </summary>
public static partial class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<cred>[^,\s]+)\s*,\s*SignedHeaders=(?<headers>[^,\s]+)\s*,\s*Signature=(?<sig>[0-9a-fA-F]+)\s*$")]
    private static partial Regex AuthorizationPattern();

    public static SigV4Authorization? ParseAuthorization(string? header)
    {
        if (header is null) return null;
        var m = AuthorizationPattern().Match(header.Trim());
        if (!m.Success) return null;
        var cred = m.Groups["cred"].Value.Split('/');
        if (cred.Length != 5 || cred[4] != "aws4_request") return null;
        return new SigV4Authorization(cred[0], cred[1], cred[2], cred[3],
            m.Groups["headers"].Value.Split(';'), m.Groups["sig"].Value.ToLowerInvariant());
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX upper case.</summary>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~'
                || (c == '/' && !encodeSlash))
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    /// <summary>Path segments encoded once (EC2's endpoint path is `/`; other paths are handled the same way).</summary>
    public static string CanonicalPath(string decodedPath) =>
        string.IsNullOrEmpty(decodedPath) ? "/" : UriEncode(decodedPath, encodeSlash: false);

    /// <summary>Query parameters decoded, re-encoded, sorted by name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var q = rawQuery.TrimStart('?');
        if (q.Length == 0) return "";
        return string.Join('&', q.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Name: UriEncode(name), Value: UriEncode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>`name:value` per signed header (lower-case names, values trimmed, inner runs of spaces collapsed).</summary>
    public static string CanonicalHeaders(IReadOnlyList<string> signedHeaders, Func<string, IReadOnlyList<string>> valuesOf) =>
        string.Concat(signedHeaders.Select(h =>
            $"{h}:{string.Join(',', valuesOf(h).Select(v => MultipleSpaces().Replace(v.Trim(), " ")))}\n"));

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();

    public static string CanonicalRequest(string method, string canonicalPath, string canonicalQuery,
        string canonicalHeaders, IReadOnlyList<string> signedHeaders, string payloadHash) =>
        $"{method}\n{canonicalPath}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\n{payloadHash}";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var k = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        k = Hmac(k, region);
        k = Hmac(k, service);
        return Hmac(k, "aws4_request");
    }

    public static string Sign(byte[] signingKey, string stringToSign) => Hex(Hmac(signingKey, stringToSign));

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
