using System.Text.RegularExpressions;
using Amazon.EC2.Model;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>A Packer template with file, shell (with Packer's shell options) and shell-local provisioners, a shell-local
/// post-processor and Packer's build variables in its tags, built with -machine-readable: the output is Packer's, and
/// the image holds what the provisioners did. It logs in with an existing key pair whose key only the user's SSH agent
/// holds (ssh_agent_auth).</summary>
[Collection(BuildCollection.Name)]
public sealed partial class ShellAndFileBuildTests(CliCloudFixture cloud)
{
    private const string Template = """
        {
          "variables": { "greeting": "hello 'kiln', world" },
          "builders": [{
            "type": "amazon-ebs",
            "region": "ap-northeast-1",
            "instance_type": "t2.nano",
            "source_ami": "{{user `source_ami`}}",
            "ssh_username": "ec2-user",
            "ami_name": "{{user `ami_name`}}",
            "ami_description": "from {{ .SourceAMIName }} ({{ .SourceAMI }}) in {{ .BuildRegion }}",
            "tags": { "SourceName": "{{ .SourceAMIName }}", "Region": "{{ .BuildRegion }}", "Greeting": "{{user `greeting`}}" },
            "snapshot_tags": { "SourceAMI": "{{ .SourceAMI }}" },
            "ssh_keypair_name": "{{user `key_pair`}}",
            "ssh_agent_auth": true
          }],
          "provisioners": [
            { "type": "file", "source": "files/app.conf", "destination": "/tmp/app.conf" },
            { "type": "file", "source": "files/site", "destination": "/tmp/upload" },
            { "type": "shell", "script": "scripts/install.sh", "environment_vars": ["GREETING={{user `greeting`}}", "TARGET=/opt/e2e"],
              "remote_folder": "/var/tmp", "remote_file": "install-e2e.sh", "use_env_var_file": true, "skip_clean": "true" },
            { "type": "shell", "inline": ["echo \"inline $TARGET $PACKER_BUILD_NAME $(id -un) ${BASH_VERSION:+bash}\" | tee $TARGET/inline.txt", "exit 3"],
              "environment_vars": ["TARGET=/opt/e2e"], "inline_shebang": "/bin/bash -e", "remote_path": "/var/tmp/inline-e2e.sh",
              "env_var_format": "%s=\"%s\" ", "execute_command": "chmod +x {{.Path}}; sudo {{ .Vars }} {{ .Path }}",
              "valid_exit_codes": "0,3", "pause_after": "1s" },
            { "type": "shell-local", "inline": ["echo \"$PACKER_BUILD_NAME $PACKER_BUILDER_TYPE\" > local.txt"] }
          ],
          "post-processors": [
            { "type": "shell-local", "inline": ["echo \"$KILN_ARTIFACT_ID $PACKER_BUILDER_TYPE\" > artifact.txt"] }
          ]
        }
        """;

    private const string InstallScript = """
        #!/bin/sh
        set -e
        sudo mkdir -p "$TARGET"
        sudo cp /tmp/app.conf "$TARGET/app.conf"
        sudo cp -r /tmp/upload/site "$TARGET/site"
        echo "script as $(whoami): $GREETING ($PACKER_BUILDER_TYPE)" | sudo tee "$TARGET/script.txt"
        """;

    [Fact]
    public async Task File_and_shell_provisioners_shape_the_image_and_machine_readable_output_is_packers()
    {
        var dir = WriteTree();
        var baseImage = (await cloud.Cloud.ImageAsync(cloud.BaseImageId))!;
        var amiName = $"e2e-shell-file-{Guid.NewGuid().ToString("N")[..8]}";

        await using var keyPair = await ImportedKeyPair.CreateAsync(cloud.Ec2, dir);
        using var agent = await SshAgent.StartAsync(dir, keyPair.PrivateKeyFile);
        File.Delete(keyPair.PrivateKeyFile); // only the agent has the key now

        var build = await KilnProcess.RunAsync(cloud.Home, ["build", "-machine-readable", "-var", $"source_ami={cloud.BaseImageId}",
            "-var", $"ami_name={amiName}", "-var", $"key_pair={keyPair.Name}", "template.json"],
            new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = agent.Socket }, BakeRun.Budget, dir);

        Assert.True(build.ExitCode == 0, build.ToString());
        var lines = build.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(MachineReadableLine(), l));
        var artifact = Assert.Single(lines, l => Artifact().IsMatch(l));
        var imageId = Artifact().Match(artifact).Groups["image"].Value;
        Assert.Contains(lines, l => l.Contains(",ui,say,") && Regex.IsMatch(l, @"Provisioning with shell script: \S*scripts/install\.sh$"));

        var image = (await cloud.Cloud.ImageAsync(imageId))!;
        Assert.Equal(amiName, image.Name);
        Assert.Equal($"from {baseImage.Name} ({baseImage.ImageId}) in ap-northeast-1", image.Description);
        var tags = CloudProbe.Tags(image.Tags);
        Assert.Equal((baseImage.Name, "ap-northeast-1", "hello 'kiln', world"), (tags["SourceName"], tags["Region"], tags["Greeting"]));
        Assert.True(await keyPair.ExistsAsync());
        var snapshot = image.BlockDeviceMappings.First(m => m.Ebs?.SnapshotId is not null).Ebs.SnapshotId;
        var snapshotTags = (await cloud.Ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [snapshot] })).Snapshots[0].Tags;
        Assert.Equal(cloud.BaseImageId, CloudProbe.Tags(snapshotTags)["SourceAMI"]);

        await using var instance = await cloud.Cloud.LaunchAsync(imageId);
        Assert.Equal("listen 8080;\n", await instance.RunAsync("cat /opt/e2e/app.conf"));
        Assert.Equal("<h1>kiln</h1>\n", await instance.RunAsync("cat /opt/e2e/site/index.html"));
        Assert.Equal("body {}\n", await instance.RunAsync("cat /opt/e2e/site/css/site.css"));
        Assert.Equal("script as ec2-user: hello 'kiln', world (amazon-ebs)\n", await instance.RunAsync("cat /opt/e2e/script.txt"));
        // Packer's shell options: the script kept under its remote_folder/remote_file with its variable file
        // (skip_clean), the inline one run by bash as root through execute_command and removed, its exit 3 allowed.
        Assert.Equal("inline /opt/e2e amazon-ebs root bash\n", await instance.RunAsync("cat /opt/e2e/inline.txt"));
        Assert.Matches(@"^install-e2e\.sh\nvarfile_\d+\.sh\n$", await instance.RunAsync("ls /var/tmp | grep -E '^(install-e2e|varfile_|inline-e2e)'"));
        // shell-local ran here, as a provisioner and as a post-processor that sees the artifact.
        Assert.Equal("amazon-ebs amazon-ebs\n", await File.ReadAllTextAsync(Path.Combine(dir, "local.txt")));
        Assert.Equal($"ap-northeast-1:{imageId} amazon-ebs\n", await File.ReadAllTextAsync(Path.Combine(dir, "artifact.txt")));
    }

    private string WriteTree()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"shell-file-{Guid.NewGuid().ToString("N")[..8]}");
        foreach (var (path, text) in new[]
                 {
                     ("template.json", Template), ("scripts/install.sh", InstallScript), ("files/app.conf", "listen 8080;\n"),
                     ("files/site/index.html", "<h1>kiln</h1>\n"), ("files/site/css/site.css", "body {}\n"),
                 })
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return dir;
    }

    /// <summary>Packer's `timestamp,target,type,data…`: Unix seconds, a target (empty for ui), a type, fields.</summary>
    [GeneratedRegex(@"^\d{10},[^,]*,[a-z-]+(,.*)?$")]
    private static partial Regex MachineReadableLine();

    [GeneratedRegex(@"^\d{10},amazon-ebs,artifact,0,id,ap-northeast-1:(?<image>ami-[0-9a-f]+)$")]
    private static partial Regex Artifact();
}
