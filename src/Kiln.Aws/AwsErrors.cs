using System.Net;
using Amazon.Runtime;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Error codes Kiln reacts to, and the one place SDK exceptions become <see cref="CloudException"/>.</summary>
public static class AwsErrors
{
    /// <summary>Codes that mean "too many requests, try later" (EC2: RequestLimitExceeded; Auto Scaling, ELB:
    /// Throttling; newer APIs: ThrottlingException, RequestThrottled) or a passing fault on AWS's side.</summary>
    public static readonly IReadOnlySet<string> Transient = new HashSet<string>(StringComparer.Ordinal)
    {
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled",
        "ServiceUnavailable", "Unavailable", "InternalError", "InternalFailure", NetworkError, RequestTimeout,
    };

    /// <summary>EC2 answers NotFound for an id it has just handed out, for a short while (eventual consistency).</summary>
    public static readonly IReadOnlySet<string> NotYetVisible = new HashSet<string>(StringComparer.Ordinal)
    {
        "InvalidInstanceID.NotFound", "InvalidAMIID.NotFound", "InvalidGroup.NotFound", "InvalidKeyPair.NotFound",
        "InvalidSnapshot.NotFound", "InvalidLaunchTemplateId.NotFound",
    };

    /// <summary>A group still used by a terminating instance cannot be deleted until the instance is gone.</summary>
    public const string DependencyViolation = "DependencyViolation";

    /// <summary>Kiln's own code for "no answer within the request timeout".</summary>
    public const string RequestTimeout = "RequestTimeout";

    /// <summary>Kiln's own code for "no HTTP answer at all" (connection refused or reset).</summary>
    public const string NetworkError = "NetworkError";

    public static bool IsTransient(CloudException e) =>
        Transient.Contains(e.Code) || e.StatusCode is (int)HttpStatusCode.InternalServerError or (int)HttpStatusCode.BadGateway
            or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout;

    public static bool IsNotYetVisible(CloudException e) => NotYetVisible.Contains(e.Code);

    /// <summary>Maps what the SDK throws to a <see cref="CloudException"/> carrying AWS's error code. SDK messages
    /// carry AWS's text, never the secret key.</summary>
    public static Exception Wrap(Exception e) => e switch
    {
        CloudException => e,
        AmazonServiceException { ErrorCode: { Length: > 0 } code } s => new CloudException(code, s.Message, (int)s.StatusCode, s),
        AmazonServiceException { InnerException: HttpRequestException or IOException } s => new CloudException(NetworkError, s.Message, null, s),
        // No code in the answer (a proxy's HTML page, an empty 403): the HTTP status is all there is to name it by.
        AmazonServiceException s => new CloudException($"Http{(int)s.StatusCode}", s.Message, (int)s.StatusCode, s),
        HttpRequestException or IOException => new CloudException(NetworkError, e.Message, null, e),
        // The EC2 SDK reports its own request timeout as TimeoutException.
        TimeoutException => new CloudException(RequestTimeout, "no answer within the request timeout", null, e),
        AmazonClientException c => new CloudException("ClientError", c.Message, null, c),
        _ => e,
    };
}
