namespace Kiln.Core.Cloud;

/// <summary>A cloud API refused or failed a call. <see cref="Code"/> is the provider's own error code
/// (`InvalidAMIID.NotFound`, `RequestLimitExceeded`, `ValidationError`, …) so messages and callers can name it.
/// Never carries credentials: only the provider's code and message.</summary>
public sealed class CloudException(string code, string message, int? statusCode = null, Exception? inner = null)
    : Exception($"{code}: {message}", inner)
{
    public string Code { get; } = code;
    public string ErrorMessage { get; } = message;
    /// <summary>The HTTP status the cloud answered with, when it answered at all.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>EC2 spells absence `Invalid….NotFound` (`InvalidInstanceID.NotFound`, `InvalidKeyPair.NotFound`,
    /// `InvalidLaunchTemplateName.NotFoundException`);
    /// Compute Engine says `notFound` with HTTP 404.</summary>
    public bool IsNotFound => Code.Contains("NotFound", StringComparison.Ordinal) || Code == "notFound";
}
