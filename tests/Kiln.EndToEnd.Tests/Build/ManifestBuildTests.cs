using System.Text.Json;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>A template as teams write them for Packer: comment keys in every object, "" for false, a string for a
/// number, a -var-file with null, a comma list, a named ed25519 temporary key pair, and the manifest post-processor.
/// It builds unchanged, and the manifest names the image the cloud holds.</summary>
[Collection(BuildCollection.Name)]
public sealed class ManifestBuildTests(CliCloudFixture cloud)
{
    private const string Template = """
        {
          "_comment": "a production-style template",
          "variables": { "ami_name": null, "source_ami": null, "team": "web", "optional": null },
          "builders": [{
            "_comment": "the build instance",
            "type": "amazon-ebs",
            "name": "web-image",
            "region": "ap-northeast-1",
            "instance_type": "t2.nano",
            "source_ami": "{{user `source_ami`}}",
            "ssh_username": "ec2-user",
            "ssh_port": "22",
            "ami_name": "{{user `ami_name`}}",
            "force_deregister": "",
            "associate_public_ip_address": "",
            "temporary_security_group_source_cidrs": "127.0.0.0/8,10.0.0.0/8",
            "temporary_key_pair_name": "{{user `ami_name`}}-key",
            "temporary_key_pair_type": "ed25519",
            "launch_block_device_mappings": [{ "_size": "in GB", "device_name": "/dev/xvda", "volume_size": "8", "delete_on_termination": "1" }],
            "tags": { "Optional": "[{{user `optional`}}]" }
          }],
          "provisioners": [{ "type": "shell", "_why": "prove the provisioner ran", "inline": ["echo ok"], "expect_disconnect": "" }],
          "post-processors": [
            [{ "type": "manifest", "_note": "for the pipeline", "output": "out/{{build_name}}-manifest.json", "strip_path": "true",
               "custom_data": { "team": "{{user `team`}}", "source": "{{ .SourceAMI }}" } }],
            "manifest"
          ]
        }
        """;

    [Fact]
    public async Task A_packer_style_template_builds_unchanged_and_the_manifest_names_the_image()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"manifest-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        File.WriteAllText(Path.Combine(dir, "template.json"), Template);
        var amiName = $"e2e-manifest-{Guid.NewGuid().ToString("N")[..8]}";
        File.WriteAllText(Path.Combine(dir, "vars.json"), $$"""{"ami_name": "{{amiName}}", "source_ami": "{{cloud.BaseImageId}}", "optional": null}""");

        var build = await cloud.Kiln.RunAsync(["build", "-var-file=vars.json", "template.json"], dir, BakeRun.Budget);

        Assert.True(build.ExitCode == 0, build.ToString());
        var image = (await cloud.Cloud.ImageAsync(await ImageNamed(amiName)))!;
        Assert.Equal("[]", CloudProbe.Tags(image.Tags)["Optional"]);
        Assert.Equal(8, image.BlockDeviceMappings.Single(m => m.Ebs is not null).Ebs.VolumeSize);
        // The build instance had the temporary key pair of that name, deleted with the run.
        var instances = await cloud.Ec2.DescribeInstancesAsync(new Amazon.EC2.Model.DescribeInstancesRequest
        {
            Filters = [new Amazon.EC2.Model.Filter("tag:kiln:run-id", [CloudProbe.Tags(image.Tags)["kiln:run-id"]])],
        });
        Assert.Equal($"{amiName}-key", instances.Reservations.Single().Instances.Single().KeyName);
        var keys = await cloud.Ec2.DescribeKeyPairsAsync(new Amazon.EC2.Model.DescribeKeyPairsRequest
        {
            Filters = [new Amazon.EC2.Model.Filter("key-name", [$"{amiName}-key"])],
        });
        Assert.Empty(keys.KeyPairs ?? []);

        foreach (var file in new[] { "out/web-image-manifest.json", "packer-manifest.json" })
        {
            var text = File.ReadAllText(Path.Combine(dir, file));
            using var doc = JsonDocument.Parse(text);
            var entry = Assert.Single(doc.RootElement.GetProperty("builds").EnumerateArray());
            Assert.Equal("web-image", entry.GetProperty("name").GetString());
            Assert.Equal("amazon-ebs", entry.GetProperty("builder_type").GetString());
            Assert.Equal($"ap-northeast-1:{image.ImageId}", entry.GetProperty("artifact_id").GetString());
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("files").ValueKind);
            Assert.InRange(entry.GetProperty("build_time").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var run = entry.GetProperty("packer_run_uuid").GetString()!;
            Assert.True(Guid.TryParse(run, out _), run);
            Assert.Equal(run, doc.RootElement.GetProperty("last_run_uuid").GetString());
            Assert.DoesNotContain("\n", text[^1..]);
        }
        using var custom = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out/web-image-manifest.json")));
        var data = custom.RootElement.GetProperty("builds")[0].GetProperty("custom_data");
        Assert.Equal(("web", cloud.BaseImageId), (data.GetProperty("team").GetString(), data.GetProperty("source").GetString()));
    }

    private async Task<string> ImageNamed(string name)
    {
        var images = await cloud.Ec2.DescribeImagesAsync(new Amazon.EC2.Model.DescribeImagesRequest
        {
            Owners = ["self"], Filters = [new Amazon.EC2.Model.Filter("name", [name])],
        });
        return Assert.Single(images.Images).ImageId;
    }
}
