using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>RunInstances' IamInstanceProfile, MetadataOptions, InstanceMarketOptions, EbsOptimized and
/// CreditSpecification, checked as EC2 checks them; <see cref="For"/> gives the instance's options once its image and
/// type are known (an image with imds_support v2.0 makes HttpTokens default to required, as in EC2).</summary>
public sealed partial record LaunchOptions(
    InstanceProfile? Profile, string? HttpEndpoint, string? HttpTokens, int? HopLimit, string? MetadataTags,
    string? SpotMaxPrice, string? SpotType, bool EbsOptimized, string? CpuCredits)
{
    public bool IsSpot => SpotType is not null;

    public static LaunchOptions Parse(QueryParams p, string instanceType)
    {
        var m = p.Sub("MetadataOptions");
        var market = p.Sub("InstanceMarketOptions");
        string? spotType = null, maxPrice = null;
        if (market.Get("MarketType") is { } marketType)
        {
            if (marketType is not ("spot" or "capacity-block"))
                throw Ec2Errors.InvalidValue("InstanceMarketOptions.MarketType", marketType, "Use spot or capacity-block.");
            spotType = market.Get("SpotOptions.SpotInstanceType") ?? "one-time";
            if (spotType is not ("one-time" or "persistent"))
                throw Ec2Errors.InvalidValue("InstanceMarketOptions.SpotOptions.SpotInstanceType", spotType, "Use one-time or persistent.");
            maxPrice = market.NonEmpty("SpotOptions.MaxPrice");
            if (maxPrice is not null && !(decimal.TryParse(maxPrice, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price > 0))
                throw Ec2Errors.InvalidValue("InstanceMarketOptions.SpotOptions.MaxPrice", maxPrice, "The price must be a positive number.");
        }
        var credits = p.Get("CreditSpecification.CpuCredits");
        if (credits is not null)
        {
            if (credits is not ("standard" or "unlimited"))
                throw Ec2Errors.InvalidValue("CreditSpecification.CpuCredits", credits, "Use standard or unlimited.");
            if (!IsBurstable(instanceType))
                throw Ec2Errors.Combination($"The parameter CreditSpecification is not supported for instance type {instanceType}.");
        }
        return new LaunchOptions(ParseProfile(p),
            OneOf(m, "HttpEndpoint", "enabled", "disabled"), OneOf(m, "HttpTokens", "optional", "required"), ParseHopLimit(m),
            OneOf(m, "InstanceMetadataTags", "enabled", "disabled"), maxPrice, spotType, p.Bool("EbsOptimized") ?? false, credits);
    }

    /// <summary>The instance's options: what was asked, else EC2's defaults (standard credits for t2, unlimited for the
    /// other burstable types; ENA as the image has it).</summary>
    public InstanceOptions For(ImageRecord image, string instanceType, IReadOnlyDictionary<string, string> spotTags) => new(
        Profile,
        new MetadataOptions(HttpEndpoint ?? "enabled", HttpTokens ?? (image.ImdsSupport == "v2.0" ? "required" : "optional"),
            HopLimit ?? (image.ImdsSupport == "v2.0" ? 2 : 1), MetadataTags ?? "disabled"),
        IsSpot ? new SpotInstance(ResourceIds.New("sir")[..12], SpotMaxPrice, SpotType!, spotTags) : null,
        EbsOptimized,
        CpuCredits ?? (!IsBurstable(instanceType) ? null : instanceType.StartsWith("t2.", StringComparison.Ordinal) ? "standard" : "unlimited"),
        image.Ena, image.SriovNetSupport);

    public static bool IsBurstable(string instanceType) => BurstableType().IsMatch(instanceType);

    /// <summary>No IAM here: a well-formed name (or an ARN of it) is taken as the profile, with an id derived from it.</summary>
    private static InstanceProfile? ParseProfile(QueryParams p)
    {
        var arn = p.NonEmpty("IamInstanceProfile.Arn");
        var name = p.NonEmpty("IamInstanceProfile.Name");
        if (arn is null && name is null) return null;
        if (arn is not null && name is not null)
            throw Ec2Errors.Combination("The parameter 'iamInstanceProfile.name' may not be used in combination with 'iamInstanceProfile.arn'");
        if (arn is not null)
        {
            var match = ProfileArn().Match(arn);
            if (!match.Success) throw Ec2Errors.InvalidValue("iamInstanceProfile.arn", arn, "Invalid IAM Instance Profile ARN");
            name = match.Groups[1].Value;
        }
        else if (!ProfileName().IsMatch(name!)) throw Ec2Errors.InvalidValue("iamInstanceProfile.name", name, "Invalid IAM Instance Profile name");
        var id = "AIPA" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name!)))[..17];
        return new InstanceProfile(arn ?? $"arn:aws:iam::{LocalAccount.Id}:instance-profile/{name}", id);
    }

    private static string? OneOf(QueryParams m, string name, params string[] allowed)
    {
        var value = m.NonEmpty(name);  // aws-sdk-go sends empty values for fields Packer leaves unset
        if (value is null || allowed.Contains(value)) return value;
        throw Ec2Errors.InvalidValue(m.FullName(name), value, $"Use {string.Join(" or ", allowed)}.");
    }

    private static int? ParseHopLimit(QueryParams m)
    {
        var limit = m.Int("HttpPutResponseHopLimit");
        if (limit is < 1 or > 64)
            throw Ec2Errors.InvalidValue(m.FullName("HttpPutResponseHopLimit"), limit.ToString(), "The hop limit must be between 1 and 64.");
        return limit;
    }

    [GeneratedRegex(@"^(t2|t3|t3a|t4g)\.")]
    private static partial Regex BurstableType();

    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:instance-profile/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,128})$")]
    private static partial Regex ProfileArn();
}
