using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Aws.Tests.Fakes;

/// <summary>An independent Signature Version 4 check (written from AWS's specification, sharing no code with the
/// SDK), the way AWS verifies a request: rebuild the canonical request from what arrived, derive the key from the
/// known secret, compare signatures.</summary>
public static class SigV4Verifier
{
    public sealed record Scope(string AccessKey, string Date, string Region, string Service);
    public sealed record Result(Scope? Scope, string? Problem)
    {
        public bool Ok => Problem is null;
    }

    public static Result Verify(string method, string path, string query, IReadOnlyDictionary<string, string> headers,
        byte[] body, Func<string, string?> secretFor)
    {
        if (!headers.TryGetValue("authorization", out var auth)) return new(null, "no Authorization header");
        const string algorithm = "AWS4-HMAC-SHA256 ";
        if (!auth.StartsWith(algorithm, StringComparison.Ordinal)) return new(null, $"not {algorithm.Trim()}: {auth}");
        var parts = auth[algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
            return new(null, $"malformed Authorization: {auth}");
        var c = credential.Split('/');
        if (c.Length != 5 || c[4] != "aws4_request") return new(null, $"malformed credential scope {credential}");
        var scope = new Scope(c[0], c[1], c[2], c[3]);
        if (!headers.TryGetValue("x-amz-date", out var amzDate)) return new(scope, "no x-amz-date header");
        if (!amzDate.StartsWith(scope.Date, StringComparison.Ordinal)) return new(scope, "x-amz-date and scope date differ");
        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date")) return new(scope, "host and x-amz-date must be signed");
        if (!names.SequenceEqual(names.Order(StringComparer.Ordinal))) return new(scope, "SignedHeaders not sorted");

        var payloadHash = Hex(SHA256.HashData(body));
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != payloadHash)
            return new(scope, "x-amz-content-sha256 does not match the body");
        var canonicalHeaders = new StringBuilder();
        foreach (var name in names)
        {
            if (!headers.TryGetValue(name, out var value)) return new(scope, $"signed header {name} is missing");
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }
        var canonicalRequest = string.Join('\n', method, CanonicalPath(path), CanonicalQuery(query),
            canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate,
            $"{scope.Date}/{scope.Region}/{scope.Service}/aws4_request", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var secret = secretFor(scope.AccessKey);
        if (secret is null) return new(scope, $"unknown access key {scope.AccessKey}");
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), scope.Date);
        foreach (var step in new[] { scope.Region, scope.Service, "aws4_request" }) key = Hmac(key, step);
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? new(scope, null)
            : new(scope, "SignatureDoesNotMatch");
    }

    /// <summary>True when x-amz-date is within AWS's 15-minute tolerance of <paramref name="now"/>.</summary>
    public static bool IsFresh(string amzDate, DateTimeOffset now) =>
        DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) && (now - at).Duration() < TimeSpan.FromMinutes(15);

    private static string CanonicalPath(string path) => path.Length == 0 ? "/"
        : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    private static string CanonicalQuery(string query) => string.Join('&', query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .Select(p => (K: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), V: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
        .OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal)
        .Select(p => $"{p.K}={p.V}"));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
