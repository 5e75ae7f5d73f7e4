namespace Kiln.Aws.Tests.Acceptance;

/// <summary>A test against a real AWS account: skipped (with the reason shown) unless KILN_AWS_ACCEPTANCE=1.
/// Credentials come from the SDK's default chain or KILN_AWS_PROFILE; the region from KILN_AWS_REGION.</summary>
public sealed class AwsAcceptanceFactAttribute : FactAttribute
{
    public const string Variable = "KILN_AWS_ACCEPTANCE";

    public AwsAcceptanceFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"real-AWS acceptance test: set {Variable}=1 (and AWS credentials, KILN_AWS_REGION) to run it";
    }
}
