using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>The article's packer.json and parameter.json, unchanged, through `kiln build` on the local cloud.</summary>
[Collection(BuildCollection.Name)]
public sealed partial class ArticleBuildTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task The_articles_files_build_unchanged_and_the_log_shows_the_ansible_command_in_the_articles_shape()
    {
        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        var account = BakeRun.NewAccount();
        await WriteParameterJsonAsync(dir, account, "dev", "api", cloud.BaseImageId);
        var amiName = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "parameter.json"))).RootElement.GetProperty("ami_name").GetString()!;

        // As create_ami.sh runs it, from the playbook directory (its PLAYBOOK_DIR is `dirname $0`, here ".").
        var build = await cloud.Kiln.RunAsync(["build", "-var-file", "./parameter.json", "./packer.json"], dir, BakeRun.Budget);

        Assert.True(build.ExitCode == 0, build.ToString());
        var command = AnsibleCommand().Match(build.Stdout);
        Assert.True(command.Success, $"no ansible-playbook command in the article's shape:\n{build.Stdout}");
        Assert.Equal(Path.Combine(dir, "playbooks", "dev.yml"), Path.GetFullPath(command.Groups["playbook"].Value, dir));
        Assert.Equal(Path.Combine(dir, "vault.txt"), Path.GetFullPath(command.Groups["vault"].Value, dir));
        Assert.Contains("PLAY RECAP", build.Stdout);

        var image = Assert.Single(await cloud.Cloud.OwnImagesAsync(amiName));
        Assert.Equal(cloud.BaseImageId, CloudProbe.Tags(image.Tags)[KilnTags.SourceImage]);
        var root = Assert.Single(image.BlockDeviceMappings, m => m.DeviceName == "/dev/xvda");
        Assert.Equal((50, "gp2"), (root.Ebs.VolumeSize, root.Ebs.VolumeType.Value));
        Assert.Contains(image.ImageId, build.Stdout);

        await using var instance = await cloud.Cloud.LaunchAsync(image.ImageId);
        Assert.Equal("env=dev\ngroup=dev-api\ncategory=api\n", await instance.RunAsync("cat /etc/image-role"));
        Assert.Equal("600\n", await instance.RunAsync("sudo stat -c %a /opt/app/conf/db.conf"));
    }

    /// <summary>parameter.json as create_ami.sh writes it: the script's own lines (its variables, then its
    /// `sed` of sample_parameter.template), with only the `aws ec2 describe-images | jq | grep` lookup replaced by
    /// the source image given here.</summary>
    internal static async Task WriteParameterJsonAsync(string dir, string account, string env, string category, string sourceAmi)
    {
        var script = await File.ReadAllTextAsync(Path.Combine(dir, "create_ami.sh"));
        var parameters = script[..script.IndexOf("# newest AMI of the family", StringComparison.Ordinal)];
        var template = script[script.IndexOf("# AMI parameters", StringComparison.Ordinal)..script.IndexOf("# build", StringComparison.Ordinal)];
        var start = new ProcessStartInfo("bash") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-euc", $"{parameters}\nSOURCEAMI_ID={sourceAmi}\n{template}", "create_ami.sh", account, env, category })
            start.ArgumentList.Add(a);
        using var bash = Process.Start(start)!;
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"create_ami.sh's parameter lines failed: {await stderr}");
    }

    [GeneratedRegex(@"ansible-playbook --extra-vars packer_build_name=amazon-ebs packer_builder_type=amazon-ebs -i \S+ (?<playbook>\S+/playbooks/dev\.yml) -e ansible_ssh_private_key_file=\S+ --tags dev-api --extra-vars group=dev-api --extra-vars category=api --vault-password-file (?<vault>\S*vault\.txt)$", RegexOptions.Multiline)]
    private static partial Regex AnsibleCommand();
}
