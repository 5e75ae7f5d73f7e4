using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Kiln.Aws.Query;

/// <summary>Signs one form-encoded Query API POST with Signature Version 4, using AWSSDK.Core's own signer so the
/// canonical request is built exactly as the SDK builds it for EC2. The service name of the credential scope
/// (`autoscaling`, `elasticloadbalancing`) is what the local cloud routes on.</summary>
internal static class QuerySigner
{
    // The signer reads AuthenticationRegion/RegionEndpointServiceName from a client config; the request-level
    // overrides below take precedence, so one EC2 config object serves as the holder for every Query service.
    private static readonly AmazonEC2Config HolderConfig = new() { AuthenticationRegion = "us-east-1" };

    /// <summary>Returns the headers to send: host, x-amz-date, x-amz-content-sha256, Authorization and, for
    /// temporary credentials, x-amz-security-token.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> SignAsync(Uri endpoint, string service,
        string region, byte[] body, string contentType, AWSCredentials credentials, CancellationToken ct)
    {
        var immutable = await credentials.GetCredentialsAsync().WaitAsync(ct);
        var request = new DefaultRequest(new SignedQueryRequest(), service)
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = string.IsNullOrEmpty(endpoint.AbsolutePath) ? "/" : endpoint.AbsolutePath,
            Content = body,
            UseQueryString = false,
            OverrideSigningServiceName = service,
            AuthenticationRegion = region,
        };
        request.Headers["Content-Type"] = contentType;
        // Session credentials (STS, SSO, instance roles) must send their token, and it is part of the signature.
        if (immutable.UseToken) request.Headers["X-Amz-Security-Token"] = immutable.Token;
        var result = new AWS4Signer().SignRequest(request, HolderConfig, null, immutable.AccessKey, immutable.SecretKey);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
    }

    private sealed class SignedQueryRequest : AmazonWebServiceRequest;
}
