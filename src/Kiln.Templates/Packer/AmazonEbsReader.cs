using System.Net;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer;

/// <summary>One `amazon-ebs` builder → the builder half of a <see cref="BakeSpec"/> (provisioners come after).</summary>
internal static partial class AmazonEbsReader
{
    public static BakeSpec? Read(ConfigMap builder, string buildName, TemplateContext template, PackerReadContext rc)
    {
        var o = rc.Options(builder, $"builder '{buildName}' (amazon-ebs)", template);
        o.Accept("type", "name", "ssh_clear_authorized_keys");
        foreach (var (key, why) in AmazonEbsOptions.Unsupported) o.Unsupported(key, why, IsUnset);
        foreach (var key in AmazonEbsOptions.Ignored)
            if (o.Has(key)) rc.Warn($"builder '{buildName}': '{key}' has no effect in Kiln");

        var cloud = ReadCloud(o, rc);
        var source = ReadSource(o, rc);
        var ssh = ReadSsh(o, "the image's login user, such as \"ec2-user\"") with { Bastion = AmazonSshLogin.ReadBastion(o, rc) };
        var imageName = Required(o, "ami_name", "the image's name, such as \"myapp-{{isotime \\\"20060102-1504\\\"}}\"");
        if (imageName is not null && NameRules.ImageNameProblem(imageName) is { } nameProblem) o.Problems.At(o.Node("ami_name")!, nameProblem);
        // spot_instance_types stands for instance_type (Packer takes one or the other).
        var instanceType = o.Has("spot_instance_types") && !o.Has("instance_type") ? null : Required(o, "instance_type", "such as \"t2.nano\"");
        if (instanceType is not null && !InstanceType().IsMatch(instanceType))
            o.Problems.At(o.Node("instance_type")!, $"'{NameRules.Printable(instanceType)}' is not an instance type (such as t2.nano or m5.large)");
        var ec2 = AmazonLaunch.Read(o, cloud.Region, instanceType);
        var launch = ReadLaunch(o, rc) with { Ec2 = ec2 };
        var userData = ReadUserData(o, rc);
        var login = AmazonSshLogin.Read(o, rc);
        var keyType = o.String("temporary_key_pair_type") ?? "rsa";
        if (keyType is not ("rsa" or "ed25519")) o.Problems.At(o.Node("temporary_key_pair_type")!, $"'{keyType}' is not a key pair type: use rsa or ed25519");
        var cidrs = o.StringList("temporary_security_group_source_cidrs") ?? [];
        foreach (var cidr in cidrs)
            if (!IPNetwork.TryParse(cidr, out _))
                o.Problems.At(o.Node("temporary_security_group_source_cidrs")!, $"'{NameRules.Printable(cidr)}' is not a CIDR block such as 203.0.113.0/24");
        var root = BlockDevices.ReadRootVolume(o, rc);
        // Packer fills {{ .SourceAMIName }} and friends in these options at tagging time; Kiln's bake does too.
        var deferred = rc.Options(builder, o.Owner, template with { DeferBuildVariables = true });
        o.Accept("ami_description", "tags", "run_tags", "snapshot_tags");
        var spec = new BakeSpec
        {
            Family = imageName is null ? null : FamilyOf(imageName),
            ImageName = imageName ?? "",
            ImageDescription = deferred.String("ami_description"),
            Source = source ?? new SourceSelector.BaseImage(),
            Cloud = cloud,
            InstanceType = instanceType ?? ec2.Spot?.InstanceTypes.FirstOrDefault() ?? "",
            RootVolume = root ?? new RootVolume(),
            Ssh = ssh,
            SshSourceCidrs = cidrs,
            KeyPairType = keyType,
            Login = login,
            UserData = userData,
            Launch = launch,
            ImageTags = deferred.StringMap("tags") ?? new Dictionary<string, string>(),
            RunTags = deferred.StringMap("run_tags") ?? new Dictionary<string, string>(),
            SnapshotTags = deferred.StringMap("snapshot_tags") ?? new Dictionary<string, string>(),
            Keep = null,
            ForceDeregister = o.Bool("force_deregister") ?? false,
            ForceDeleteSnapshot = o.Bool("force_delete_snapshot") ?? false,
            Distribution = AmazonDistribution.Read(o, cloud.Region, cloud.SkipRegionValidation),
            ImageAttributes = AmazonLaunch.ReadImageAttributes(o, ec2),
            LineageDirectory = rc.TemplateDirectory,
            BuildName = buildName,
        };
        o.ReportUnknown();
        return spec;
    }

    /// <summary>When the image name follows `{family}-{YYYYMMDD-HHMM}`, the build joins that family, so
    /// retention, lineage and the one-bake-per-family lock apply as they do for `kiln bake`.</summary>
    public static Family? FamilyOf(string imageName)
    {
        var m = StampedName().Match(imageName);
        if (!m.Success) return null;
        var family = new Family(m.Groups[1].Value);
        return family.StampOf(imageName) is null ? null : family;
    }

    private static CloudSpec ReadCloud(OptionReader o, PackerReadContext rc)
    {
        if (rc.Cloud is CloudKind.Gcp or CloudKind.LocalGcp)
            o.Problems.At(o.Node("type")!, $"KILN_CLOUD={(rc.Cloud == CloudKind.Gcp ? "gcp" : "local-gcp")} builds googlecompute builders: an amazon-ebs builder runs with KILN_CLOUD=aws, or on the local cloud (KILN_CLOUD unset)");
        var region = Required(o, "region", "such as \"ap-northeast-1\"") ?? "ap-northeast-1";
        var skip = o.Bool("skip_region_validation") ?? false;
        if (!skip && o.Has("region") && !AwsRegions.Known.Contains(region))
            o.Problems.At(o.Node("region")!, $"'{NameRules.Printable(region)}' is not an AWS region (such as ap-northeast-1); set skip_region_validation to true for a custom endpoint's region");
        var secret = o.String("secret_key");
        if (!string.IsNullOrEmpty(secret)) rc.Secrets.Add(secret);
        var access = o.String("access_key");
        if (string.IsNullOrEmpty(access) != string.IsNullOrEmpty(secret))
            o.Problems.At(o.Node("access_key") ?? o.Node("secret_key")!, "give access_key and secret_key together, or neither (then the profile or the environment's credentials are used)");
        var endpoint = o.String("custom_endpoint_ec2");
        if (!string.IsNullOrEmpty(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            o.Problems.At(o.Node("custom_endpoint_ec2")!, $"'{NameRules.Printable(endpoint)}' is not a URL such as https://ec2.example.com");
        if (!string.IsNullOrEmpty(endpoint) && rc.Cloud == CloudKind.Local)
            rc.Warn("custom_endpoint_ec2 is not used on the local cloud: set KILN_CLOUD=aws to build through that endpoint");
        var token = NullIfEmpty(o.String("token"));
        if (token is not null) rc.Secrets.Add(token);
        if (token is not null && string.IsNullOrEmpty(access))
            o.Problems.At(o.Node("token")!, "token is the session token of temporary keys: give access_key and secret_key with it");
        var file = o.Node("shared_credentials_file") is { } fileNode
            ? rc.ExistingFile(fileNode, "shared_credentials_file", ExpandHome(o.String("shared_credentials_file"))) : null;
        return new CloudSpec(rc.Cloud, region, NullIfEmpty(o.String("profile")), NullIfEmpty(access), NullIfEmpty(secret),
            rc.Cloud == CloudKind.Aws ? NullIfEmpty(endpoint) : null, skip) { SessionToken = token, SharedCredentialsFile = file };
    }

    private static SourceSelector? ReadSource(OptionReader o, PackerReadContext rc)
    {
        var amiText = o.String("source_ami");
        var ami = NullIfEmpty(amiText);
        if (ami is not null && !ImageIdShape().IsMatch(ami))
            o.Problems.At(o.Node("source_ami")!, $"'{NameRules.Printable(ami)}' is not an image id (ami-…)");
        var filterNode = o.Object("source_ami_filter");
        if (filterNode is null)
        {
            if (!o.Has("source_ami"))
                o.Problems.At(o.Map, "a source_ami or source_ami_filter must be specified");
            else if (amiText == "")
                o.Problems.At(o.Node("source_ami")!, "source_ami is empty: give an image id (ami-…) or a source_ami_filter");
            return ami is null ? null : new SourceSelector.Exact(new ImageId(ami));
        }
        var f = o.Nested(filterNode, "source_ami_filter");
        var filters = new Dictionary<string, string>(f.StringMap("filters") ?? new Dictionary<string, string>());
        var owners = f.StringList("owners") ?? [];
        var mostRecent = f.Bool("most_recent") ?? false;
        f.ReportUnknown();
        if (owners.Count == 0)
            o.Problems.At(filterNode, "source_ami_filter must name owners (as Packer requires, so an image from an unknown account is never used): add \"owners\": [\"self\"] or an account id");
        if (ami is not null) filters["image-id"] = ami;
        return new SourceSelector.Filter(filters, owners, mostRecent);
    }

    /// <summary>The communicator's options both builders share.</summary>
    internal static SshSpec ReadSsh(OptionReader o, string userHint)
    {
        var communicator = o.String("communicator") ?? "ssh";
        if (communicator != "ssh")
            o.Problems.At(o.Node("communicator")!, $"communicator '{communicator}' is not supported: Kiln provisions over SSH");
        var user = Required(o, "ssh_username", userHint) ?? "";
        var port = o.Int("ssh_port", 1, 65535) ?? 22;
        var timeout = o.Duration("ssh_timeout") ?? TimeSpan.FromMinutes(5);
        var iface = o.String("ssh_interface") ?? "public_ip";
        if (iface is not ("public_ip" or "private_ip" or "public_dns" or "private_dns"))
            o.Problems.At(o.Node("ssh_interface")!, iface == "session_manager"
                ? "ssh_interface session_manager is not supported: Kiln connects over SSH"
                : $"'{iface}' is not an ssh_interface: use public_ip, private_ip, public_dns or private_dns");
        return new SshSpec(user, port, (int)Math.Ceiling(timeout.TotalSeconds), iface);
    }

    private static LaunchSpec ReadLaunch(OptionReader o, PackerReadContext rc)
    {
        var groups = new List<string>();
        if (o.String("security_group_id") is { Length: > 0 } one) groups.Add(one);
        groups.AddRange(o.StringList("security_group_ids") ?? []);
        var shutdown = o.String("shutdown_behavior") is { Length: > 0 } given ? given : null; // Packer: "" is its default, stop
        if (shutdown is not (null or "stop" or "terminate"))
            o.Problems.At(o.Node("shutdown_behavior")!, $"'{shutdown}' is not a shutdown_behavior: use stop or terminate");
        return new LaunchSpec
        {
            VpcId = NullIfEmpty(o.String("vpc_id")),
            SubnetId = NullIfEmpty(o.String("subnet_id")),
            SecurityGroupIds = groups,
            AssociatePublicIp = o.Bool("associate_public_ip_address"),
            ShutdownBehavior = shutdown,
            Filters = AmazonNetworkFilters.Read(o),
        };
    }

    private static string? ReadUserData(OptionReader o, PackerReadContext rc)
    {
        var inline = o.String("user_data");
        var file = o.String("user_data_file");
        if (inline is not null && file is not null)
        {
            o.Problems.At(o.Node("user_data_file")!, "give user_data or user_data_file, not both");
            return null;
        }
        if (file is null) return inline;
        var path = rc.ExistingFile(o.Node("user_data_file")!, "user_data_file", file);
        return path is null ? null : File.ReadAllText(path);
    }

    internal static string? Required(OptionReader o, string key, string hint)
    {
        if (!o.Has(key))
        {
            o.Problems.At(o.Map, $"{key} is required: {hint}");
            return null;
        }
        var value = o.String(key);
        if (value is { Length: 0 }) o.Problems.At(o.Node(key)!, $"{key} is empty: {hint}");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An unsupported option set to its zero value changes nothing, so it is not worth an error.</summary>
    internal static bool IsUnset(ConfigNode node) => node switch
    {
        ConfigScalar s => s.Value is null or "" or "false" or "0",
        ConfigList l => l.Items.Count == 0,
        ConfigMap m => m.Entries.Count == 0,
        _ => false,
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>`~` is the user's home directory in Packer's file options.</summary>
    internal static string? ExpandHome(string? path) =>
        path is { Length: > 0 } && path.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..] : path;

    [GeneratedRegex(@"^(.+)-(\d{8}-\d{4})$")]
    private static partial Regex StampedName();

    [GeneratedRegex(@"^ami-[0-9a-zA-Z]{1,32}$")]
    private static partial Regex ImageIdShape();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$")]
    internal static partial Regex InstanceType();
}
