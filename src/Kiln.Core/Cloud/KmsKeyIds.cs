using System.Text.RegularExpressions;

namespace Kiln.Core.Cloud;

/// <summary>The forms in which EC2 takes a KMS key (CopyImage's and RunInstances' KmsKeyId): a key id
/// (`1234abcd-12ab-34cd-56ef-1234567890ab`, or `mrk-…` for a multi-Region key), a key ARN
/// (`arn:aws:kms:REGION:ACCOUNT:key/ID`), an alias (`alias/NAME`) or an alias ARN
/// (`arn:aws:kms:REGION:ACCOUNT:alias/NAME`); the partitions aws, aws-us-gov and aws-cn. No key is looked up:
/// only the form is checked, and the region an ARN names.</summary>
public static partial class KmsKeyIds
{
    public static bool IsValid(string key) => Parse(key) is not null;

    /// <summary>The region an ARN names; null for a bare key id or alias (they mean the caller's region).</summary>
    public static string? RegionOf(string key) => Parse(key) is { } m && m.Groups["region"].Success ? m.Groups["region"].Value : null;

    /// <summary>The key's ARN in <paramref name="region"/> as EC2 reports it on snapshots and volumes.</summary>
    public static string ToArn(string key, string region, string account) =>
        key.StartsWith("arn:", StringComparison.Ordinal) ? key
        : key.StartsWith("alias/", StringComparison.Ordinal) ? $"arn:aws:kms:{region}:{account}:{key}"
        : $"arn:aws:kms:{region}:{account}:key/{key}";

    /// <summary>EBS's default key when encryption is asked for without a key.</summary>
    public static string DefaultArn(string region, string account) => $"arn:aws:kms:{region}:{account}:alias/aws/ebs";

    private static Match? Parse(string key)
    {
        var m = Form().Match(key);
        return m.Success ? m : null;
    }

    [GeneratedRegex(@"^(?:(?:arn:aws(?:-us-gov|-cn)?:kms:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:)?alias/[a-zA-Z0-9:/_-]+|(?:arn:aws(?:-us-gov|-cn)?:kms:(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:key/)?(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}))$")]
    private static partial Regex Form();
}
