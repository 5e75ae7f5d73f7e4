using System.Globalization;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer;

/// <summary>One `googlecompute` builder → the builder half of a <see cref="BakeSpec"/> on Compute Engine (the local
/// cloud's unless KILN_CLOUD=gcp), Packer 1.6's options and defaults: machine type n1-standard-1, a 10 GB pd-standard
/// disk, the default network, image name `packer-{timestamp}`.</summary>
internal static class GoogleComputeReader
{
    /// <summary>Where Packer looks for a source image when source_image_project_id is not given: the build's project,
    /// then Google's public image projects.</summary>
    private static readonly string[] PublicImageProjects =
    [
        "centos-cloud", "cos-cloud", "coreos-cloud", "debian-cloud", "rhel-cloud", "rhel-sap-cloud", "suse-cloud",
        "suse-sap-cloud", "ubuntu-os-cloud", "windows-cloud", "windows-sql-cloud", "gce-uefi-images", "gce-nvme",
    ];

    public static BakeSpec? Read(ConfigMap builder, string buildName, TemplateContext template, PackerReadContext rc)
    {
        var o = rc.Options(builder, $"builder '{buildName}' (googlecompute)", template);
        o.Accept("type", "name");
        foreach (var (key, why) in GoogleComputeOptions.Unsupported) o.Unsupported(key, why, AmazonEbsReader.IsUnset);
        foreach (var key in GoogleComputeOptions.Ignored)
            if (o.Has(key)) rc.Warn($"builder '{buildName}': '{key}' has no effect in Kiln");

        var cloud = ReadCloud(o, rc);
        var source = ReadSource(o, cloud);
        var ssh = AmazonEbsReader.ReadSsh(o, "such as \"packer\"");
        var imageName = o.Has("image_name") ? AmazonEbsReader.Required(o, "image_name", "such as \"myapp-{{timestamp}}\"")
            : $"packer-{rc.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        GceName(o, "image_name", imageName, "image name");
        var imageFamily = NullIfEmpty(o.String("image_family"));
        GceName(o, "image_family", imageFamily, "image family");
        var machineType = o.String("machine_type") is { Length: > 0 } m ? m : "n1-standard-1";
        GceName(o, "machine_type", machineType, "machine type");
        var diskType = o.String("disk_type") is { Length: > 0 } d ? d : "pd-standard";
        if (!diskType.StartsWith("pd-", StringComparison.Ordinal) && !diskType.StartsWith("hyperdisk-", StringComparison.Ordinal))
            o.Problems.At(o.Node("disk_type")!, $"'{NameRules.Printable(diskType)}' is not a Compute Engine disk type: use pd-standard, pd-balanced or pd-ssd");
        var diskSize = o.Int("disk_size", 10, 65536) ?? 10;
        var imageLabels = Labels(o, "image_labels");
        var labels = Labels(o, "labels");
        var omitExternal = o.Bool("omit_external_ip") ?? false;
        var internalIp = o.Bool("use_internal_ip") ?? false;
        if (omitExternal && !internalIp)
            o.Problems.At(o.Node("omit_external_ip")!, "omit_external_ip needs use_internal_ip set to true (as in Packer): without an external address Kiln can only reach the internal one");
        var timeout = o.Duration("state_timeout");
        if (timeout is { } t && t <= TimeSpan.Zero) o.Problems.At(o.Node("state_timeout")!, "state_timeout must be positive, such as \"5m\"");
        var spec = new BakeSpec
        {
            Family = imageName is null ? null : AmazonEbsReader.FamilyOf(imageName),
            ImageName = imageName ?? "",
            ImageDescription = o.String("image_description") is { Length: > 0 } description ? description : null,
            ImageFamily = imageFamily,
            Source = source ?? new SourceSelector.BaseImage(),
            Cloud = cloud with { StateTimeout = timeout is { } positive && positive > TimeSpan.Zero ? positive : null },
            InstanceType = machineType,
            RootVolume = new RootVolume("", diskSize, diskType),
            Ssh = ssh with { Interface = internalIp ? "private_ip" : "public_ip" },
            UserData = StartupScript(o, rc),
            Launch = ReadLaunch(o, rc),
            ImageTags = imageLabels,
            RunTags = labels,
            Keep = null,
            LineageDirectory = rc.TemplateDirectory,
            BuildName = buildName,
            BuilderType = "googlecompute",
        };
        if (omitExternal) spec = spec with { Launch = spec.Launch with { AssociatePublicIp = false } };
        o.ReportUnknown();
        return spec;
    }

    /// <summary>KILN_CLOUD=gcp builds on Google with the template's project and zone; otherwise the local cloud's
    /// Compute endpoint in its own project (as a local amazon-ebs build runs in the local cloud's region), with the
    /// template's zone, which has to be one Compute Engine knows.</summary>
    private static CloudSpec ReadCloud(OptionReader o, PackerReadContext rc)
    {
        var project = AmazonEbsReader.Required(o, "project_id", "the Google Cloud project to build in, such as \"my-project\"");
        var zone = AmazonEbsReader.Required(o, "zone", "such as \"asia-northeast1-b\"");
        var problems = GceDefaults.Problems(project ?? GceDefaults.LocalProject, zone ?? GceDefaults.LocalZone);
        if (problems.TryGetValue("project", out var p) && project is not null) o.Problems.At(o.Node("project_id")!, p.Replace("project: in kiln.yml or --project", "project_id", StringComparison.Ordinal));
        if (problems.TryGetValue("zone", out var z) && zone is not null) o.Problems.At(o.Node("zone")!, z);
        var file = o.String("account_file");
        if (rc.Cloud == CloudKind.Aws)
            o.Problems.At(o.Node("type")!, "KILN_CLOUD=aws builds amazon-ebs builders: a googlecompute builder runs with KILN_CLOUD=gcp, or on the local cloud (KILN_CLOUD unset)");
        if (rc.Cloud == CloudKind.Gcp)
        {
            if (file is { Length: > 0 }) file = rc.ExistingFile(o.Node("account_file")!, "account_file", file);
            return new CloudSpec(CloudKind.Gcp) { Project = project, Zone = zone, CredentialsFile = NullIfEmpty(file) };
        }
        if (file is { Length: > 0 }) rc.Warn("account_file is not used on the local cloud: set KILN_CLOUD=gcp to build on Google with it");
        return new CloudSpec(CloudKind.LocalGcp) { Project = GceDefaults.LocalProject, Zone = zone ?? GceDefaults.LocalZone };
    }

    private static SourceSelector? ReadSource(OptionReader o, CloudSpec cloud)
    {
        var image = NullIfEmpty(o.String("source_image"));
        var family = NullIfEmpty(o.String("source_image_family"));
        var given = o.StringList("source_image_project_id") ?? [];
        if (image is null && family is null)
        {
            o.Problems.At(o.Map, "a source_image or source_image_family must be specified");
            return null;
        }
        // On the local cloud the template's own project is the local one (null: the bake's project).
        string? Project(string p) => cloud.Kind == CloudKind.LocalGcp && p == o.String("project_id") ? null : p;
        IReadOnlyList<string?> projects = given.Count > 0 ? [.. given.Select(Project)] : [null, .. PublicImageProjects];
        // Packer's rule: source_image wins over source_image_family.
        return image is not null ? new SourceSelector.GoogleImage(image, false, projects) : new SourceSelector.GoogleImage(family!, true, projects);
    }

    private static LaunchSpec ReadLaunch(OptionReader o, PackerReadContext rc)
    {
        var network = NullIfEmpty(o.String("network"));
        if (o.String("network_project_id") is { Length: > 0 } shared && network is not null)
            network = $"projects/{shared}/global/networks/{network}";
        var scopes = o.StringList("scopes");
        var account = NullIfEmpty(o.String("service_account_email"));
        var none = o.Bool("disable_default_service_account") ?? false;
        if (none && (account is not null || scopes is { Count: > 0 }))
            o.Problems.At(o.Node("disable_default_service_account")!, "disable_default_service_account cannot be combined with service_account_email or scopes");
        var tags = o.StringList("tags") ?? [];
        foreach (var tag in tags) GceName(o, "tags", tag, "network tag");
        return new LaunchSpec
        {
            Network = network,
            Gce = new GceLaunch
            {
                NetworkTags = tags,
                Metadata = o.StringMap("metadata") ?? new Dictionary<string, string>(),
                Subnetwork = NullIfEmpty(o.String("subnetwork")),
                Preemptible = o.Bool("preemptible") ?? false,
                ServiceAccountEmail = account,
                Scopes = scopes,
                NoServiceAccount = none,
                StorageLocations = o.StringList("image_storage_locations") ?? [],
            },
        };
    }

    private static string? StartupScript(OptionReader o, PackerReadContext rc)
    {
        var path = rc.ExistingFile(o.Node("startup_script_file") ?? o.Map, "startup_script_file", o.String("startup_script_file"));
        if (path is null) return null;
        if (o.StringMap("metadata") is { } m && m.ContainsKey("startup-script"))
            o.Problems.At(o.Node("startup_script_file")!, "give startup_script_file or a startup-script in metadata, not both");
        return File.ReadAllText(path);
    }

    /// <summary>Labels checked against Google's rules where they are written, so the error has a line and column.</summary>
    private static Dictionary<string, string> Labels(OptionReader o, string key)
    {
        var labels = new Dictionary<string, string>(o.StringMap(key) ?? new Dictionary<string, string>());
        foreach (var (k, v) in labels)
            if (NameRules.GceLabelProblem(k, v) is { } problem)
                o.Problems.At(o.Node(key)!, $"{key}: {problem}");
        return labels;
    }

    private static void GceName(OptionReader o, string key, string? value, string what)
    {
        if (value is not null && NameRules.GceNameProblem(what, value) is { } problem) o.Problems.At(o.Node(key)!, problem);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
