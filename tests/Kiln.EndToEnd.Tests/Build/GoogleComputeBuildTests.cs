using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>Packer googlecompute templates (JSON and HCL2) through `kiln build` on the local cloud's Compute Engine
/// endpoint: the image lands in its native family with its labels, was provisioned by the real ansible-playbook,
/// boots with what the play wrote, and nothing temporary stays behind.</summary>
[Collection(BuildCollection.Name)]
public sealed partial class GoogleComputeBuildTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task A_googlecompute_json_template_builds_an_image_in_its_family_with_its_labels()
    {
        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        var family = $"{BakeRun.NewAccount()}-dev-api-base";
        await File.WriteAllTextAsync(Path.Combine(dir, "gce.json"), $$$"""
            {
              "variables": {"family": "{{{family}}}"},
              "builders": [{
                "type": "googlecompute",
                "project_id": "my-project-123",
                "zone": "asia-northeast1-b",
                "source_image_family": "debian-12",
                "image_name": "{{user `family`}}-{{isotime `20060102-1504`}}",
                "image_family": "{{user `family`}}",
                "image_description": "hoge api",
                "image_labels": {"team": "hoge", "env": "dev"},
                "labels": {"purpose": "bake"},
                "machine_type": "e2-small",
                "disk_size": "12",
                "ssh_username": "packer",
                "tags": ["bake"],
                "metadata": {"enable-oslogin": "false"}
              }],
              "provisioners": [{
                "type": "ansible",
                "extra_arguments": ["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api",
                                    "--vault-password-file", "./vault.txt"],
                "playbook_file": "./playbooks/dev.yml"
              }]
            }
            """);
        var before = await cloud.Gce.InventoryAsync();

        var build = await cloud.Kiln.RunAsync(["build", "-machine-readable", "./gce.json"], dir, BakeRun.Budget);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("packer_build_name=googlecompute packer_builder_type=googlecompute", build.Stdout);
        var artifact = ArtifactId().Match(build.Stdout);
        Assert.True(artifact.Success, $"no googlecompute artifact line:\n{build.Stdout}");
        var name = artifact.Groups["image"].Value;
        Assert.Matches($"^{family}-\\d{{8}}-\\d{{4}}$", name);
        Assert.Contains(",googlecompute,artifact,0,builder-id,packer.googlecompute", build.Stdout);

        var image = await cloud.Gce.ImageAsync(name) ?? throw new Xunit.Sdk.XunitException($"image {name} does not exist");
        Assert.Equal(("READY", family, "hoge api", "12"), ((string?)image["status"], (string?)image["family"], (string?)image["description"], (string?)image["diskSizeGb"]));
        var labels = image["labels"]!.AsObject();
        Assert.Equal(("hoge", "dev", family, "false"), ((string?)labels["team"], (string?)labels["env"], (string?)labels["kiln-family"], (string?)labels["kiln-temporary"]));
        Assert.Equal(name, (string?)(await cloud.Gce.GetAsync($"projects/{cloud.Gce.Project}/global/images/family/{family}"))?["name"]);
        Assert.Equal($"image {name}", (await cloud.Gce.InventoryAsync()).NewSince(before));

        await using var instance = await cloud.Gce.LaunchAsync(name);
        Assert.Equal("env=dev\ngroup=dev-api\ncategory=api\n", await instance.RunAsync("cat /etc/image-role"));
        // The run's key went with the build: no packer user keeps an authorized key in the image.
        Assert.Equal("", (await instance.RunAsync("sudo cat /home/packer/.ssh/authorized_keys 2>/dev/null || true")).Trim());
    }

    [Fact]
    public async Task An_hcl2_googlecompute_source_builds_from_a_family_of_a_public_image_project()
    {
        var dir = PlaybookTrees.Tiny(cloud.Home);
        var family = $"{BakeRun.NewAccount()}-dev-web-base";
        await File.WriteAllTextAsync(Path.Combine(dir, "gce.pkr.hcl"), $$"""
            variable "family" {
              type    = string
              default = "{{family}}"
            }

            source "googlecompute" "base" {
              project_id              = "my-project-123"
              zone                    = "us-central1-a"
              source_image_family     = "debian-12"
              source_image_project_id = ["debian-cloud"]
              image_name              = "${var.family}-${formatdate("YYYYMMDD-hhmm", timestamp())}"
              image_family            = var.family
              machine_type            = "e2-small"
              ssh_username            = "packer"
            }

            build {
              sources = ["source.googlecompute.base"]

              provisioner "ansible" {
                playbook_file   = "./playbooks/dev.yml"
                extra_arguments = ["--extra-vars", "group=dev-web", "--extra-vars", "category=web"]
              }
            }
            """);
        var before = await cloud.Gce.InventoryAsync();

        var build = await cloud.Kiln.RunAsync(["build", "./gce.pkr.hcl"], dir, BakeRun.Budget);

        Assert.True(build.ExitCode == 0, build.ToString());
        var made = (await cloud.Gce.InventoryAsync()).NewSince(before);
        Assert.Matches($"^image {family}-\\d{{8}}-\\d{{4}}$", made);
        var image = await cloud.Gce.ImageAsync(made["image ".Length..]);
        Assert.Equal(family, (string?)image?["family"]);
        Assert.Contains("debian-12", (string?)image?["labels"]?["kiln-source-image"]);
    }

    [GeneratedRegex(@",googlecompute,artifact,0,id,(?<image>[a-z0-9-]+)$", RegexOptions.Multiline)]
    private static partial Regex ArtifactId();
}
