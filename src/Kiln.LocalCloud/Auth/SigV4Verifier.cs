using System.Security.Cryptography;
using System.Text;
using Kiln.LocalCloud.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kiln.LocalCloud.Auth;

/// <summary>
/// Recomputes the signature of every request with the issued secret and refuses any mismatch with EC2's
/// `AuthFailure`. The request time is not checked against the clock: the endpoint is local and its clock injectable.
/// </summary>
public sealed class SigV4Verifier(LocalCloudCredentials credentials)
{
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
        if (!auth.SignedHeaders.Contains("host"))
            throw Ec2Errors.AuthFailure("AWS was not able to validate the provided access credentials: the host header is not signed.");

        // A client may name the payload hash in x-amz-content-sha256; then that value is what it signed, and it
        // must be the body's real hash unless it says UNSIGNED-PAYLOAD.
        var bodyHash = SigV4.Hex(SHA256.HashData(body));
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0) payloadHash = bodyHash;
        else if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != bodyHash)
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
