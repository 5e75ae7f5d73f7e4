using System.Globalization;
using System.Text.RegularExpressions;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>amazon-ebs's build-instance options → <see cref="Ec2Launch"/> and <see cref="ImageAttributes"/>, with
/// Packer's checks (run_config.go, ami_config.go) and those EC2 would make only once key pair and group exist: a spot
/// price that is neither a number nor `auto`, metadata options EC2 does not know, a hop limit outside 1–64, a zone
/// outside the build region, T2 Unlimited on another type or a spot instance.</summary>
internal static partial class AmazonLaunch
{
    /// <summary>Packer 1.6's spot_price_auto_product values (its DescribeSpotPriceHistory product descriptions).</summary>
    private static readonly string[] AutoProducts =
    [
        "Linux/UNIX", "SUSE Linux", "Windows", "Linux/UNIX (Amazon VPC)", "SUSE Linux (Amazon VPC)", "Windows (Amazon VPC)",
    ];

    public static Ec2Launch Read(OptionReader o, string region, string? instanceType)
    {
        var spot = ReadSpot(o, instanceType);
        var unlimited = ReadUnlimitedCredits(o, instanceType, spot);
        return new Ec2Launch
        {
            IamInstanceProfile = ReadProfile(o),
            Metadata = ReadMetadata(o),
            Spot = spot,
            EbsOptimized = o.Bool("ebs_optimized") ?? false,
            UnlimitedCredits = unlimited,
            VolumeTags = o.StringMap("run_volume_tags") ?? new Dictionary<string, string>(),
            AvailabilityZone = ReadZone(o, region),
        };
    }

    public static ImageAttributes ReadImageAttributes(OptionReader o, Ec2Launch launch)
    {
        foreach (var key in new[] { "ena_support", "sriov_support" })
            if (launch.Spot is not null && o.Node(key) is { } node && (key == "ena_support" ? o.Bool(key) is not null : o.Bool(key) == true))
                o.Problems.At(node, $"{key} cannot be set on a spot build instance: EC2 changes it on a stopped instance only, and a one-time spot instance cannot be stopped");
        var imds = o.String("imds_support") is { Length: > 0 } v ? v : null;
        if (imds is not (null or "v2.0"))
            o.Problems.At(o.Node("imds_support")!, $"imds_support: '{NameRules.Printable(imds)}' is not an IMDS version: the only one is \"v2.0\" (leave it out for the source's setting)");
        return new ImageAttributes(o.Bool("ena_support"), o.Bool("sriov_support") ?? false, imds is "v2.0" ? imds : null);
    }

    /// <summary>Packer checks the profile with IAM's GetInstanceProfile unless skip_profile_validation; Kiln has no IAM
    /// client, so EC2's RunInstances is what checks that it exists. Its form is checked here.</summary>
    private static string? ReadProfile(OptionReader o)
    {
        o.Bool("skip_profile_validation");
        var profile = o.String("iam_instance_profile") is { Length: > 0 } p ? p : null;
        if (profile is not null && !ProfileName().IsMatch(profile) && !ProfileArn().IsMatch(profile))
            o.Problems.At(o.Node("iam_instance_profile")!, $"iam_instance_profile: '{NameRules.Printable(profile)}' is not an instance profile name (letters, digits and +=,.@_-, up to 128) or ARN (arn:aws:iam::ACCOUNT:instance-profile/NAME)");
        return profile;
    }

    private static InstanceMetadata? ReadMetadata(OptionReader o)
    {
        if (o.Object("metadata_options") is not { } map) return null;
        var m = o.Nested(map, "metadata_options");
        var defaults = new InstanceMetadata();
        var result = new InstanceMetadata(
            OneOf(m, "http_endpoint", defaults.HttpEndpoint, "enabled", "disabled"),
            OneOf(m, "http_tokens", defaults.HttpTokens, "optional", "required"),
            HopLimit(m) ?? defaults.HopLimit,
            OneOf(m, "instance_metadata_tags", defaults.InstanceMetadataTags, "enabled", "disabled"));
        m.ReportUnknown();
        return result;
    }

    private static int? HopLimit(OptionReader m)
    {
        const string key = "http_put_response_hop_limit";
        if (m.Node(key) is not ConfigScalar node) return m.Int(key);
        var text = m.AsString(node);
        if (string.IsNullOrEmpty(text)) return null;  // Packer's zero value: its default, 1
        if (!PackerDecoding.TryParseInt(text, out var value))
        {
            m.Problems.At(node, $"metadata_options.{key}: expected an integer from 1 to 64, got \"{NameRules.Printable(text)}\"");
            return null;
        }
        if (value == 0) return null;
        if (value is < 1 or > 64) m.Problems.At(node, $"metadata_options.{key}: {value} is out of range: EC2 takes 1 to 64");
        return value is < 1 or > 64 ? null : value;
    }

    private static string OneOf(OptionReader m, string key, string fallback, params string[] allowed)
    {
        var value = m.String(key);
        if (string.IsNullOrEmpty(value)) return fallback;
        if (allowed.Contains(value)) return value;
        m.Problems.At(m.Node(key)!, $"metadata_options.{key}: '{NameRules.Printable(value)}' is not a value EC2 takes: use {string.Join(" or ", allowed)}");
        return fallback;
    }

    private static SpotRequest? ReadSpot(OptionReader o, string? instanceType)
    {
        var price = o.String("spot_price") is { Length: > 0 } p ? p.Trim() : null;
        var product = o.String("spot_price_auto_product") is { Length: > 0 } pr ? pr : null;
        var types = o.StringList("spot_instance_types") ?? [];
        var tags = o.StringMap("spot_tags") ?? new Dictionary<string, string>();
        if (price is not null && price != "auto" && !(decimal.TryParse(price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) && d > 0))
            o.Problems.At(o.Node("spot_price")!, $"spot_price: '{NameRules.Printable(price)}' is neither a price in US dollars per hour (such as \"0.0113\") nor \"auto\" (at most the on-demand price)");
        if (product is not null && !AutoProducts.Contains(product))
            o.Problems.At(o.Node("spot_price_auto_product")!, $"spot_price_auto_product: '{NameRules.Printable(product)}' is not a product: use one of {string.Join(", ", AutoProducts.Select(a => $"\"{a}\""))}");
        foreach (var (type, node) in o.StringItems("spot_instance_types"))
            if (!AmazonEbsReader.InstanceType().IsMatch(type))
                o.Problems.At(node, $"spot_instance_types: '{NameRules.Printable(type)}' is not an instance type (such as t3.small)");
        if (types.Count > 0 && instanceType is not null)
            o.Problems.At(o.Node("spot_instance_types")!, "give instance_type or spot_instance_types, not both (as Packer requires)");
        if (price is null)
        {
            // Packer refuses spot-only options without a spot price, rather than launch on-demand silently.
            foreach (var key in new[] { "spot_instance_types", "spot_tags", "spot_price_auto_product" })
                if (o.Node(key) is { } node && !AmazonEbsReader.IsUnset(node))
                    o.Problems.At(node, $"{key} needs spot_price (a price, or \"auto\"): without it the build instance is on-demand");
            return null;
        }
        return new SpotRequest(price == "auto" ? null : price, types.Count > 0 ? types : instanceType is null ? [] : [instanceType], tags);
    }

    /// <summary>enable_t2_unlimited (Packer 1.6) and enable_unlimited_credits (later Packer): EC2 takes unlimited credits
    /// for burstable types only, and Packer refuses them with spot.</summary>
    private static bool ReadUnlimitedCredits(OptionReader o, string? instanceType, SpotRequest? spot)
    {
        var t2 = o.Bool("enable_t2_unlimited") ?? false;
        var any = o.Bool("enable_unlimited_credits") ?? false;
        if (!t2 && !any) return false;
        var key = t2 ? "enable_t2_unlimited" : "enable_unlimited_credits";
        if (spot is not null)
            o.Problems.At(o.Node(key)!, $"{key} cannot be used with spot_price: spot instances run with standard credits");
        else if (instanceType is not null && !(t2 ? instanceType.StartsWith("t2.", StringComparison.Ordinal) : Burstable().IsMatch(instanceType)))
            o.Problems.At(o.Node(key)!, $"{key} needs a {(t2 ? "t2" : "burstable (t2, t3, t3a, t4g)")} instance type, not {NameRules.Printable(instanceType)}");
        return true;
    }

    private static string? ReadZone(OptionReader o, string region)
    {
        var zone = o.String("availability_zone") is { Length: > 0 } z ? z : null;
        if (zone is not null && !(zone.StartsWith(region, StringComparison.Ordinal) && ZoneSuffix().IsMatch(zone[region.Length..])))
            o.Problems.At(o.Node("availability_zone")!, $"availability_zone: '{NameRules.Printable(zone)}' is not a zone of the build region {region} (such as {region}a)");
        return zone;
    }

    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex ProfileName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:instance-profile/[\w+=,.@/-]{1,512}$")]
    private static partial Regex ProfileArn();

    [GeneratedRegex(@"^(t2|t3|t3a|t4g)\.")]
    private static partial Regex Burstable();

    /// <summary>`a` (us-east-1a), or a Local Zone's `-lax-1a`.</summary>
    [GeneratedRegex(@"^(-[a-z]+-\d+)?[a-z]$")]
    private static partial Regex ZoneSuffix();
}
