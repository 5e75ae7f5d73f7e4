using Kiln.Core.Baking;
using Kiln.Templates.Tests.Packer.Hcl;

namespace Kiln.Templates.Tests.Packer;

/// <summary>googlecompute builders (JSON and HCL2): Packer 1.6's options and defaults onto a Compute Engine bake, on
/// the local cloud unless KILN_CLOUD=gcp; what Kiln does not build is refused by name, with its position.</summary>
public class GoogleComputeTemplateTests
{
    private static string Builder(string extra = "") =>
        """{"type": "googlecompute", "project_id": "my-project-1", "zone": "asia-northeast1-b", "source_image_family": "debian-12", "ssh_username": "packer" """
        + (extra.Length > 0 ? ", " + extra : "") + "}";

    private static string Template(string extra = "") => $$"""{"builders": [{{Builder(extra)}}]}""";

    [Fact]
    public void Packers_defaults_apply_and_the_build_runs_on_the_local_clouds_project_in_the_templates_zone()
    {
        using var kit = new PackerTestKit();
        var spec = Assert.Single(kit.Read(Template()).Builds);
        Assert.Equal((CloudKind.LocalGcp, GceDefaults.LocalProject, "asia-northeast1-b"), (spec.Cloud.Kind, spec.Cloud.Project, spec.Cloud.Zone));
        Assert.Equal($"packer-{PackerTestKit.Now.ToUnixTimeSeconds()}", spec.ImageName);
        Assert.Equal("n1-standard-1", spec.InstanceType);
        Assert.Equal((10, "pd-standard"), (spec.RootVolume.SizeGb, spec.RootVolume.VolumeType));
        Assert.Equal(("packer", "public_ip"), (spec.Ssh.User, spec.Ssh.Interface));
        var source = Assert.IsType<SourceSelector.GoogleImage>(spec.Source);
        Assert.True(source.IsFamily);
        Assert.Equal("debian-12", source.Name);
        // Packer's search: the build's own project first, then Google's public image projects.
        Assert.Null(source.Projects[0]);
        Assert.Contains("debian-cloud", source.Projects);
        Assert.Equal(("googlecompute", "googlecompute"), (spec.BuildName, spec.BuilderType));
        Assert.Null(spec.Keep);
    }

    [Fact]
    public void Every_option_kiln_builds_reaches_the_spec_with_strings_decoded_as_packer_does()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("startup.sh", "#!/bin/sh\necho hi\n");
        var spec = Assert.Single(kit.Read(Template("""
            "source_image": "debian-12-bookworm-v20250610", "source_image_project_id": "debian-cloud,my-project-1",
            "image_name": "hoge-dev-api-base-{{isotime `20060102-1504`}}", "image_family": "hoge-dev-api-base",
            "image_description": "Hoge API", "image_labels": {"team": "hoge"}, "labels": {"purpose": "bake"},
            "machine_type": "e2-small", "disk_size": "20", "disk_type": "pd-ssd", "tags": ["web", "bake"],
            "metadata": {"enable-oslogin": "false"}, "network": "default", "subnetwork": "sub-a",
            "omit_external_ip": "true", "use_internal_ip": true, "preemptible": "true", "state_timeout": "10m",
            "service_account_email": "builder@my-project-1.iam.gserviceaccount.com", "scopes": ["https://www.googleapis.com/auth/compute"],
            "image_storage_locations": ["asia-northeast1"], "startup_script_file": "startup.sh", "ssh_pty": true
            """)).Builds);
        var source = Assert.IsType<SourceSelector.GoogleImage>(spec.Source);
        Assert.Equal(("debian-12-bookworm-v20250610", false), (source.Name, source.IsFamily)); // source_image wins
        Assert.Equal(["debian-cloud", null], source.Projects); // the template's project is the local cloud's own
        Assert.Equal("hoge-dev-api-base-20180301-0907", spec.ImageName);
        Assert.Equal("hoge-dev-api-base", spec.Family?.Name);
        Assert.Equal(("hoge-dev-api-base", "Hoge API"), (spec.ImageFamily, spec.ImageDescription));
        Assert.Equal("hoge", spec.ImageTags["team"]);
        Assert.Equal("bake", spec.RunTags["purpose"]);
        Assert.Equal(("e2-small", 20, "pd-ssd"), (spec.InstanceType, spec.RootVolume.SizeGb, spec.RootVolume.VolumeType));
        Assert.Equal("private_ip", spec.Ssh.Interface);
        Assert.False(spec.Launch.AssociatePublicIp);
        Assert.Equal("default", spec.Launch.Network);
        var gce = spec.Launch.Gce;
        Assert.Equal(["web", "bake"], gce.NetworkTags);
        Assert.Equal("false", gce.Metadata["enable-oslogin"]);
        Assert.Equal(("sub-a", true), (gce.Subnetwork, gce.Preemptible));
        Assert.Equal("builder@my-project-1.iam.gserviceaccount.com", gce.ServiceAccountEmail);
        Assert.Equal(["https://www.googleapis.com/auth/compute"], gce.Scopes);
        Assert.Equal(["asia-northeast1"], gce.StorageLocations);
        Assert.Equal("#!/bin/sh\necho hi\n", spec.UserData);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Cloud.StateTimeout);
        Assert.Contains(kit.Read(Template("\"ssh_pty\": true")).Warnings, w => w.Contains("'ssh_pty' has no effect"));
    }

    [Fact]
    public void Kiln_cloud_gcp_builds_in_the_templates_project_with_its_account_file()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("key.json", "{}");
        kit.Env["KILN_CLOUD"] = "gcp";
        var spec = Assert.Single(kit.Read(Template("\"account_file\": \"key.json\"")).Builds);
        Assert.Equal((CloudKind.Gcp, "my-project-1", "asia-northeast1-b"), (spec.Cloud.Kind, spec.Cloud.Project, spec.Cloud.Zone));
        Assert.Equal(Path.Combine(kit.Dir.Path, "key.json"), spec.Cloud.CredentialsFile);
        Assert.Equal("my-project-1", Assert.IsType<SourceSelector.GoogleImage>(spec.Source).Projects.Count > 0 ? spec.Cloud.Project : null);
    }

    [Theory]
    [InlineData("\"use_iap\": true", "t.json:1:", "builders[0].use_iap: 'use_iap' is a builder 'googlecompute' (googlecompute) option Kiln does not support: Kiln connects to the instance's address directly")]
    [InlineData("\"accelerator_type\": \"nvidia-tesla-t4\"", "t.json:1:", "'accelerator_type' is a builder 'googlecompute' (googlecompute) option Kiln does not support: the build instance runs without GPUs")]
    [InlineData("\"instance_name\": \"builder\"", "t.json:1:", "Kiln names the instance after the run")]
    [InlineData("\"project_idd\": \"x\"", "t.json:1:", "unknown option 'project_idd' for builder 'googlecompute' (googlecompute) (did you mean 'project_id'?)")]
    [InlineData("\"image_name\": \"Bad_Name\"", "builders[0].image_name:", "image name 'Bad_Name' is not a name Compute Engine takes")]
    [InlineData("\"image_family\": \"-x\"", "builders[0].image_family:", "image family '-x' is not a name Compute Engine takes")]
    [InlineData("\"image_labels\": {\"Team\": \"x\"}", "builders[0].image_labels:", "label key 'Team' is not one Compute Engine takes")]
    [InlineData("\"labels\": {\"team\": \"Hoge Team\"}", "builders[0].labels:", "label team='Hoge Team' is not one Compute Engine takes")]
    [InlineData("\"zone\": \"tokyo\"", "builders[0].zone:", "'tokyo' is not a Compute Engine zone name")]
    [InlineData("\"project_id\": \"P\"", "builders[0].project_id:", "'P' is not a Google Cloud project id")]
    [InlineData("\"disk_size\": \"big\"", "builders[0].disk_size:", "expected an integer, got \"big\"")]
    [InlineData("\"disk_size\": 5", "builders[0].disk_size:", "5 is out of range: expected 10 to 65536")]
    [InlineData("\"disk_type\": \"gp2\"", "builders[0].disk_type:", "'gp2' is not a Compute Engine disk type")]
    [InlineData("\"preemptible\": \"maybe\"", "builders[0].preemptible:", "expected true or false, got \"maybe\"")]
    [InlineData("\"omit_external_ip\": true", "builders[0].omit_external_ip:", "omit_external_ip needs use_internal_ip")]
    [InlineData("\"tags\": [\"Web\"]", "builders[0].tags:", "network tag 'Web' is not a name Compute Engine takes")]
    [InlineData("\"startup_script_file\": \"nope.sh\"", "builders[0].startup_script_file:", "startup_script_file 'nope.sh' does not exist")]
    [InlineData("\"disable_default_service_account\": true, \"scopes\": [\"x\"]", "builders[0].disable_default_service_account:", "cannot be combined")]
    public void A_bad_or_refused_option_is_named_with_its_position(string option, string at, string expected)
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(Template(option));
        Assert.Contains(problems, p => p.StartsWith("t.json:1:", StringComparison.Ordinal) && p.Contains(at) && p.Contains(expected));
    }

    [Fact]
    public void Missing_required_options_and_a_cloud_of_the_other_kind_are_all_reported_at_once()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems("""{"builders": [{"type": "googlecompute"}]}""");
        Assert.Contains(problems, p => p.Contains("project_id is required"));
        Assert.Contains(problems, p => p.Contains("zone is required"));
        Assert.Contains(problems, p => p.Contains("a source_image or source_image_family must be specified"));
        Assert.Contains(problems, p => p.Contains("ssh_username is required"));
        kit.Env["KILN_CLOUD"] = "aws";
        Assert.Contains(kit.Problems(Template()), p => p.Contains("KILN_CLOUD=aws builds amazon-ebs builders"));
        kit.Env["KILN_CLOUD"] = "gcp";
        Assert.Contains(kit.Problems($$"""{"builders": [{{PackerTestKit.Builder()}}]}"""), p => p.Contains("KILN_CLOUD=gcp builds googlecompute builders"));
    }

    [Fact]
    public void An_hcl2_googlecompute_source_reads_as_the_json_one_does()
    {
        using var kit = new HclTestKit();
        var plan = kit.Read("""
            source "googlecompute" "base" {
              project_id              = "my-project-1"
              zone                    = "us-central1-a"
              source_image_family     = "debian-12"
              source_image_project_id = ["debian-cloud"]
              image_name              = "hoge-dev-web-base-20180301-0907"
              image_family            = "hoge-dev-web-base"
              image_labels            = { team = "hoge" }
              machine_type            = "e2-small"
              disk_size               = 12
              ssh_username            = "packer"
              tags                    = ["bake"]
              metadata                = { enable-oslogin = "false" }
            }

            build {
              sources = ["source.googlecompute.base"]
            }
            """);
        var spec = Assert.Single(plan.Builds);
        Assert.Equal((CloudKind.LocalGcp, "us-central1-a"), (spec.Cloud.Kind, spec.Cloud.Zone));
        Assert.Equal(("hoge-dev-web-base", 12, "e2-small"), (spec.ImageFamily, spec.RootVolume.SizeGb, spec.InstanceType));
        Assert.Equal(["debian-cloud"], Assert.IsType<SourceSelector.GoogleImage>(spec.Source).Projects);
        Assert.Equal(["bake"], spec.Launch.Gce.NetworkTags);
        Assert.Equal(("base", "googlecompute"), (spec.BuildName, spec.BuilderType));
        var problems = kit.Problems("""
            source "googlecompute" "base" {
              project_id          = "my-project-1"
              zone                = "us-central1-a"
              source_image_family = "debian-12"
              ssh_username        = "packer"
              use_iap             = true
            }

            build {
              sources = ["source.googlecompute.base"]
            }
            """);
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:6:", StringComparison.Ordinal) && p.Contains("'use_iap'"));
    }
}
