using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>`kiln bake ACCOUNT ENV CATEGORY`: DIR/kiln.yml (optional; schema in docs/kiln-yml.md) and the flags →
/// one validated <see cref="BakeSpec"/>. Without kiln.yml the result is the article's bake. Every problem is
/// reported at once as a <see cref="KilnInputException"/>.</summary>
public static partial class KilnConfigReader
{
    private static readonly string[] TopLevel =
    [
        "cloud", "region", "profile", "project", "zone", "machine_type", "family", "image_name", "base_image", "instance_type", "ssh_user", "ssh_port", "ssh_timeout",
        "root_volume", "keep", "ansible", "tags", "provisioners", "tests", "jobs", "serve", "smtp", "regions", "share_with", "encrypt",
    ];

    public static KilnBakePlan Read(BakeRequest request)
    {
        var problems = new Problems();
        var secrets = new List<string>();
        var spec = Read(request, problems, secrets);
        problems.ThrowIfAny(secrets);
        return new KilnBakePlan(spec!, secrets);
    }

    /// <summary>The `jobs:` section of DIR/kiln.yml, for the job server (empty when there is none).</summary>
    public static IReadOnlyList<JobDefinition> ReadJobs(string directory) => JobsReader.Read(directory);

    /// <summary>The `smtp:` section of DIR/kiln.yml (email notifications), or null.</summary>
    public static Kiln.Core.Jobs.SmtpSettings? ReadSmtp(string directory) => JobsReader.ReadSmtp(directory);

    /// <summary>The cloud keys of DIR/kiln.yml as written (`cloud`, `project`, `zone`, `region`, `profile`; absent
    /// ones left out): deploy and rollback jobs run on that cloud, checked when they start.</summary>
    public static IReadOnlyDictionary<string, string> ReadCloudKeys(string directory)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        if (KilnYmlFile.Load(directory, new Problems(), out _) is not { } root) return keys;
        foreach (var key in new[] { "cloud", "project", "zone", "region", "profile" })
            if (root.Find(key)?.Value is ConfigScalar { Value: { } value, Kind: not ScalarKind.Null }) keys[key] = value;
        return keys;
    }

    internal static BakeSpec? Read(BakeRequest request, Problems problems, List<string> secrets)
    {
        foreach (var (what, value) in new[] { ("account", request.Account), ("env", request.Env), ("category", request.Category) })
            if (NameRules.PartProblem(what, value) is { } problem) problems.Add(problem);
        if (request.Keep is < 1) problems.Add($"--keep must be at least 1, got {request.Keep}: the newest image is always kept");
        var dir = Path.GetFullPath(request.Directory);
        if (!Directory.Exists(dir))
        {
            problems.Add($"the playbook directory '{request.Directory}' does not exist: give --dir with the directory that holds playbooks/");
            return null;
        }
        if (problems.Count > 0) return null;

        var root = KilnYmlFile.Load(dir, problems, out var shown) ?? new ConfigMap("", new SourcePosition(shown, 0, 0), []);
        var o = new OptionReader(root, problems, KilnYmlFile.Name);
        var names = new Placeholders(new Dictionary<string, string>
        {
            ["account"] = request.Account, ["env"] = request.Env, ["category"] = request.Category,
        });

        var cloud = ReadCloud(o, request.Account);
        var family = ReadFamily(o, names);
        if (cloud.IsGce && family is not null && NameRules.GceNameProblem("family", family.Name) is { } familyProblem)
            if (o.Node("family") is { } familyNode) o.Problems.At(familyNode, familyProblem); else o.Problems.Add(familyProblem);
        names = names.With("family", family?.Name ?? "").With("stamp", request.Now.UtcDateTime.ToString(Family.StampFormat, System.Globalization.CultureInfo.InvariantCulture));
        var imageName = ReadImageName(o, names, family, cloud.IsGce);
        var ssh = ReadSsh(o);
        var instanceType = cloud.IsGce ? ReadMachineType(o) : o.String("instance_type") ?? "t2.nano";
        if (!cloud.IsGce && (!InstanceType().IsMatch(instanceType) || instanceType.Length > 32))
            problems.At(o.Node("instance_type")!, $"'{NameRules.Printable(instanceType)}' is not an instance type (such as t2.nano or m5.large)");
        var keep = o.Int("keep");
        if (keep is < 1) problems.At(o.Node("keep")!, $"keep must be at least 1, got {keep}: the newest image is always kept");
        var ansible = AnsibleSection.Read(o, dir, names, request, problems, secrets);
        var (before, after) = ExtraProvisioners.Read(o, dir, names);
        var tags = ReadTags(o, names);
        var tests = TestsSection.Read(o, dir, ansible, cloud.IsGce);
        var inventoryRoots = ReadInventoryRoots(o);
        var source = ReadSource(o, request, family);
        var rootVolume = ReadRootVolume(o, cloud.IsGce);
        var distribution = DistributionSection.Read(o, cloud);
        o.Accept("jobs", "serve", "smtp");
        o.ReportUnknown();

        if (family is null || imageName is null || ansible is null) return null;
        return new BakeSpec
        {
            Family = family,
            ImageName = imageName,
            Source = source,
            Cloud = cloud,
            InstanceType = instanceType,
            RootVolume = rootVolume,
            Ssh = ssh,
            Provisioners = [.. before, ansible, .. after],
            ImageTags = tags,
            Tests = tests,
            InventoryRoots = inventoryRoots,
            Keep = request.Keep ?? keep ?? 3,
            LineageDirectory = dir,
            Playbooks = new PlaybookOrigin(dir),
            SkipWhenUpToDate = true,
            Distribution = distribution,
        };
    }

    /// <summary>`inventory_roots:` absolute directories whose files the image's inventory lists (`[]`: no inventory).</summary>
    private static IReadOnlyList<string> ReadInventoryRoots(OptionReader o)
    {
        if (o.StringList("inventory_roots") is not { } roots) return Core.Inventory.ImageInventory.DefaultRoots;
        foreach (var root in roots)
            if (!root.StartsWith('/') || root.Any(char.IsControl))
                o.Problems.At(o.Node("inventory_roots")!, $"'{NameRules.Printable(root)}' is not an absolute path (such as /etc or /opt/app)");
        return roots;
    }

    private static Family? ReadFamily(OptionReader o, Placeholders names)
    {
        var pattern = o.String("family") ?? "{account}-{env}-{category}-base";
        if (names.Expand(pattern, o.Node("family"), o.Problems, "family") is not { } name) return null;
        // 128 (EC2's limit) minus "-YYYYMMDD-HHMM": the family's images must still have valid names.
        if (!FamilyName().IsMatch(name) || name.Length > 114)
        {
            var message = $"family '{NameRules.Printable(name)}' may hold only lower-case letters, digits and '-' (at most 114 characters), so that its image names are valid on every cloud";
            if (o.Node("family") is { } at) o.Problems.At(at, message); else o.Problems.Add(message);
            return null;
        }
        return new Family(name);
    }

    private static string? ReadImageName(OptionReader o, Placeholders names, Family? family, bool gce)
    {
        var node = o.Node("image_name");
        var name = names.Expand(o.String("image_name") ?? "{family}-{stamp}", node, o.Problems, "image_name");
        if (name is null || family is null) return null;
        if ((gce ? NameRules.GceNameProblem("image name", name) : NameRules.ImageNameProblem(name)) is { } problem)
        {
            if (node is null) o.Problems.Add(problem); else o.Problems.At(node, problem);
            return null;
        }
        if (family.StampOf(name) is null)
        {
            o.Problems.At(node!, $"image_name gives '{NameRules.Printable(name)}', which is not an image of family {family.Name}: it must be '{{family}}-{{stamp}}' so that retention and the next bake find it");
            return null;
        }
        return name;
    }

    private static CloudSpec ReadCloud(OptionReader o, string account)
    {
        var kind = o.String("cloud") switch
        {
            null or "local" => CloudKind.Local,
            "aws" => CloudKind.Aws,
            "gcp" => CloudKind.Gcp,
            "local-gcp" => CloudKind.LocalGcp,
            var other => Bad(o, "cloud", $"'{NameRules.Printable(other)}' is not a cloud: use local (the default), aws, gcp or local-gcp", CloudKind.Local),
        };
        if (kind is CloudKind.Gcp or CloudKind.LocalGcp) return ReadGce(o, kind);
        var region = o.String("region") ?? "ap-northeast-1";
        if (NameRules.RegionProblem(region) is { } badRegion) o.Problems.At(o.Node("region")!, badRegion);
        var profile = o.String("profile") ?? account;
        if (NameRules.ProfileProblem(profile) is { } badProfile) o.Problems.At(o.Node("profile")!, badProfile);
        return new CloudSpec(kind, region, profile);
    }

    /// <summary>cloud gcp needs its project and zone; local-gcp has the local cloud's (kiln-local, us-central1-a).</summary>
    private static CloudSpec ReadGce(OptionReader o, CloudKind kind)
    {
        var project = o.String("project") ?? (kind == CloudKind.LocalGcp ? GceDefaults.LocalProject : null);
        var zone = o.String("zone") ?? (kind == CloudKind.LocalGcp ? GceDefaults.LocalZone : null);
        foreach (var problem in GceDefaults.Problems(project, zone))
            if ((o.Node(problem.Key) ?? o.Node("cloud")) is { } node) o.Problems.At(node, problem.Value); else o.Problems.Add(problem.Value);
        foreach (var aws in new[] { "region", "profile", "instance_type" })
            if (o.Node(aws) is { } node) o.Problems.At(node, $"{aws} is for cloud aws; on Compute Engine use {(aws == "instance_type" ? "machine_type" : "project and zone")}");
        return new CloudSpec(kind) { Project = project, Zone = zone };
    }

    private static string ReadMachineType(OptionReader o)
    {
        var type = o.String("machine_type") ?? "e2-small";
        if (!MachineType().IsMatch(type))
            o.Problems.At(o.Node("machine_type")!, $"'{NameRules.Printable(type)}' is not a machine type name (such as e2-small or n2-standard-2)");
        return type;
    }

    private static SshSpec ReadSsh(OptionReader o)
    {
        var user = o.String("ssh_user") ?? "ec2-user";
        if (!UserName().IsMatch(user)) o.Problems.At(o.Node("ssh_user")!, $"'{NameRules.Printable(user)}' is not a login name (lower-case letters, digits, '_' and '-')");
        var port = o.Int("ssh_port", 1, 65535) ?? 22;
        var timeout = o.Duration("ssh_timeout") ?? TimeSpan.FromMinutes(5);
        return new SshSpec(user, port, (int)Math.Ceiling(timeout.TotalSeconds));
    }

    private static RootVolume ReadRootVolume(OptionReader o, bool gce)
    {
        var defaults = gce ? new RootVolume("boot", 10, "pd-balanced") : new RootVolume();
        if (o.Object("root_volume") is not { } map) return defaults;
        var v = o.Nested(map, "root_volume");
        var size = v.Int("size_gb", 1, 16384) ?? defaults.SizeGb;
        var type = v.String("type") ?? defaults.VolumeType;
        if (gce && type is not ("pd-standard" or "pd-balanced" or "pd-ssd" or "pd-extreme"))
            v.Problems.At(v.Node("type")!, $"'{NameRules.Printable(type)}' is not a Compute Engine disk type: use pd-standard, pd-balanced, pd-ssd or pd-extreme");
        else if (!gce && type is not ("gp2" or "gp3" or "io1" or "io2" or "st1" or "sc1" or "standard"))
            v.Problems.At(v.Node("type")!, $"'{NameRules.Printable(type)}' is not a volume type: use gp2, gp3, io1, io2, st1, sc1 or standard");
        var device = v.String("device") ?? defaults.DeviceName;
        if (!DeviceName().IsMatch(device)) v.Problems.At(v.Node("device")!, $"'{NameRules.Printable(device)}' is not a device name such as /dev/xvda");
        v.ReportUnknown();
        return new RootVolume(device, size, type);
    }

    private static Dictionary<string, string> ReadTags(OptionReader o, Placeholders names)
    {
        var result = new Dictionary<string, string>();
        if (o.Object("tags") is not { } map) return result;
        foreach (var entry in map.Entries)
        {
            if (entry.Key.StartsWith("kiln:", StringComparison.OrdinalIgnoreCase) || entry.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                o.Problems.At(entry.KeyPosition, entry.Value.Path, $"tag '{entry.Key}' uses a reserved prefix (kiln: and aws: tags are written by Kiln and AWS)");
            else if (entry.Key.Length is 0 or > 128)
                o.Problems.At(entry.KeyPosition, entry.Value.Path, "a tag key must be 1 to 128 characters long");
            else if (o.AsString(entry.Value) is { } value && names.Expand(value, entry.Value, o.Problems, $"tag {entry.Key}") is { } expanded)
            {
                if (expanded.Length > 256) o.Problems.At(entry.Value, "a tag value must be at most 256 characters long");
                result[entry.Key] = expanded;
            }
        }
        return result;
    }

    private static SourceSelector ReadSource(OptionReader o, BakeRequest request, Family? family)
    {
        SourceSelector fallback = new SourceSelector.BaseImage();
        if (o.String("base_image") is { } baseImage && ImageByName(baseImage, o.Node("base_image"), o.Problems) is { } chosen) fallback = chosen;
        if (request.SourceImage is { } flag)
            return ImageByName(flag, null, o.Problems, "--source") ?? fallback;
        return family is null ? fallback : new SourceSelector.NewestOfFamily(family, fallback);
    }

    /// <summary>An image id (ami-…) is taken exactly; anything else is an image name, the newest of that name
    /// among the account's own images.</summary>
    private static SourceSelector? ImageByName(string value, ConfigNode? at, Problems problems, string what = "base_image")
    {
        if (ImageIdShape().IsMatch(value)) return new SourceSelector.Exact(new ImageId(value));
        if (NameRules.ImageNameProblem(value) is { } problem)
        {
            var message = $"{what} must be an image id (ami-…) or an image name: {problem}";
            if (at is null) problems.Add(message); else problems.At(at, message);
            return null;
        }
        return new SourceSelector.Filter(new Dictionary<string, string> { ["name"] = value }, ["self"], MostRecent: true);
    }

    private static T Bad<T>(OptionReader o, string key, string message, T fallback)
    {
        o.Problems.At(o.Node(key)!, message);
        return fallback;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$")] private static partial Regex FamilyName();
    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$")] private static partial Regex InstanceType();
    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")] private static partial Regex MachineType();
    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}$")] private static partial Regex UserName();
    [GeneratedRegex(@"^/dev/[a-z0-9]+$")] private static partial Regex DeviceName();
    [GeneratedRegex(@"^ami-[0-9a-zA-Z]{1,32}$")] private static partial Regex ImageIdShape();
}
