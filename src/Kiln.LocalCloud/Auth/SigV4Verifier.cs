using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kiln.LocalCloud.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kiln.LocalCloud.Auth;

/// <summary>
/// Recomputes the signature of every request with the issued secret and refuses any mismatch with EC2's
/// `AuthFailure`. As EC2 does, a request dated more than <see cref="Window"/> from the endpoint's clock is
/// `RequestExpired` (a captured request cannot be replayed later, or signed ahead for later), and the body must be
/// signed: `UNSIGNED-PAYLOAD` would let one captured signature carry any parameters.
/// </summary>
public sealed class SigV4Verifier(LocalCloudCredentials credentials, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Returns the verified authorization (its region names the client's region) or throws AuthFailure.</summary>
    public SigV4Authorization Verify(HttpRequest request, byte[] body)
    {
        var auth = SigV4.ParseAuthorization(request.Headers.Authorization.ToString());
        if (auth is null)
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: the request is not signed with AWS Signature Version 4.");
        if (auth.AccessKey != credentials.AccessKey)
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: unknown access key.");
        var amzDate = request.Headers["x-amz-date"].ToString();
        if (amzDate.Length < 8 || !amzDate.StartsWith(auth.Date, StringComparison.Ordinal))
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: x-amz-date is missing or does not match the credential scope.");
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: x-amz-date is not of the form 20260101T120000Z.");
        var now = clock.GetUtcNow();
        if ((now - signedAt).Duration() > Window)
            throw new Ec2Exception("RequestExpired",
                $"Request has expired: it is dated {signedAt:yyyy-MM-ddTHH:mm:ssZ}, more than 15 minutes from the endpoint's time {now:yyyy-MM-ddTHH:mm:ssZ}.", 400);
        if (!auth.SignedHeaders.Contains("host"))
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: the host header is not signed.");

        // A client may name the payload hash in x-amz-content-sha256; then that value is what it signed, and it
        // must be the body's real hash (Query APIs carry their parameters in the body, so it is always signed).
        var bodyHash = SigV4.Hex(SHA256.HashData(body));
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash == "UNSIGNED-PAYLOAD")
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: UNSIGNED-PAYLOAD is not accepted by Query APIs; sign the body.", 403);
        if (payloadHash.Length == 0) payloadHash = bodyHash;
        else if (payloadHash != bodyHash)
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: the payload hash does not match the body.", 403);
        var canonical = SigV4.CanonicalRequest(
            request.Method,
            SigV4.CanonicalPath(request.Path.Value ?? "/"),
            SigV4.CanonicalQuery(request.QueryString.Value ?? ""),
            SigV4.CanonicalHeaders(auth.SignedHeaders, h => HeaderValues(request, h)),
            auth.SignedHeaders,
            payloadHash);
        var expected = SigV4.Sign(
            SigV4.SigningKey(credentials.SecretKey, auth.Date, auth.Region, auth.Service),
            SigV4.StringToSign(amzDate, auth.Scope, canonical));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: the request signature does not match.", 403);
        return auth;
    }

    private static IReadOnlyList<string> HeaderValues(HttpRequest request, string name) =>
        name == "host" ? [request.Host.Value ?? ""] : request.Headers[name].Select(v => v ?? "").ToList();
}
