using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>The article's template as HCL2 (packer.pkr.hcl) with create_ami.sh's parameter.json, through `kiln
/// build` on the local cloud: the image packer.json makes (name, root volume, lineage tags), from the same
/// ansible-playbook command line; only packer_build_name is the source's name, `base`, as Packer sets it for HCL2.</summary>
[Collection(BuildCollection.Name)]
public sealed partial class ArticleHclBuildTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task The_articles_hcl2_template_builds_the_image_packer_json_builds()
    {
        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        var account = BakeRun.NewAccount();
        await ArticleBuildTests.WriteParameterJsonAsync(dir, account, "dev", "api", cloud.BaseImageId);
        var amiName = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "parameter.json"))).RootElement.GetProperty("ami_name").GetString()!;

        var build = await cloud.Kiln.RunAsync(["build", "-var-file", "./parameter.json", "./packer.pkr.hcl"], dir, BakeRun.Budget);

        Assert.True(build.ExitCode == 0, build.ToString());
        var command = AnsibleCommand().Match(build.Stdout);
        Assert.True(command.Success, $"no ansible-playbook command in the article's shape:\n{build.Stdout}");
        Assert.Equal(Path.Combine(dir, "playbooks", "dev.yml"), Path.GetFullPath(command.Groups["playbook"].Value, dir));
        Assert.Equal(Path.Combine(dir, "vault.txt"), Path.GetFullPath(command.Groups["vault"].Value, dir));

        var image = Assert.Single(await cloud.Cloud.OwnImagesAsync(amiName));
        var tags = CloudProbe.Tags(image.Tags);
        Assert.Equal(cloud.BaseImageId, tags[KilnTags.SourceImage]);
        Assert.Equal($"{account}-dev-api-base", tags[KilnTags.Family]);
        var root = Assert.Single(image.BlockDeviceMappings, m => m.DeviceName == "/dev/xvda");
        Assert.Equal((50, "gp2"), (root.Ebs.VolumeSize, root.Ebs.VolumeType.Value));

        await using var instance = await cloud.Cloud.LaunchAsync(image.ImageId);
        Assert.Equal("env=dev\ngroup=dev-api\ncategory=api\n", await instance.RunAsync("cat /etc/image-role"));
    }

    [GeneratedRegex(@"ansible-playbook --extra-vars packer_build_name=base packer_builder_type=amazon-ebs -i \S+ (?<playbook>\S+/playbooks/dev\.yml) -e ansible_ssh_private_key_file=\S+ --tags dev-api --extra-vars group=dev-api --extra-vars category=api --vault-password-file (?<vault>\S*vault\.txt)$", RegexOptions.Multiline)]
    private static partial Regex AnsibleCommand();
}
