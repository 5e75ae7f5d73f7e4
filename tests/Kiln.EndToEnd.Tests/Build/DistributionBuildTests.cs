using System.Text.Json;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>Packer's ami_regions, encrypt_boot with a key per region, and sharing: built with `kiln build` on the
/// local cloud, then checked with the real AWS CLI region by region, as a team checks its images on AWS.</summary>
[Collection(BuildCollection.Name)]
public sealed class DistributionBuildTests(CliCloudFixture cloud)
{
    private const string WestKey = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static string Builder(string name, string more) =>
        "{\"type\": \"amazon-ebs\", \"name\": \"" + name + "\", \"region\": \"ap-northeast-1\", \"instance_type\": \"t2.nano\", "
        + "\"source_ami\": \"{{user `source_ami`}}\", \"ssh_username\": \"ec2-user\", \"ami_name\": \"{{user `name`}}-" + name + "\", "
        + "\"tags\": {\"Team\": \"web\"}, \"snapshot_tags\": {\"Snap\": \"" + name + "\"}, " + more + "}";

    private static readonly string Template = $$"""
        {"variables": {"name": null, "source_ami": null},
         "builders": [
           {{Builder("copies", $$"""
             "ami_regions": ["us-west-2", "eu-west-1"], "encrypt_boot": true, "kms_key_id": "alias/build-key",
             "region_kms_key_ids": {"us-west-2": "{{WestKey}}", "eu-west-1": ""}
             """)}},
           {{Builder("shared", """
             "ami_regions": "us-west-2", "ami_users": ["111111111111", "222222222222"], "ami_groups": ["all"],
             "snapshot_users": "111111111111", "ami_product_codes": ["prod1code"]
             """)}}
         ],
         "post-processors": ["manifest"]}
        """;

    [Fact]
    public async Task Copies_encryption_and_permissions_are_what_the_aws_cli_sees_in_each_region()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"distribution-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "template.json"), Template);
        var name = $"e2e-dist-{Guid.NewGuid().ToString("N")[..8]}";

        var build = await cloud.Kiln.RunAsync(["build", "-var", $"name={name}", "-var", $"source_ami={cloud.BaseImageId}", "template.json"],
            dir, BakeRun.Budget * 2);
        Assert.True(build.ExitCode == 0, build.ToString());

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "packer-manifest.json"))).RootElement.GetProperty("builds");
        IReadOnlyDictionary<string, string> Artifact(int i) => manifest[i].GetProperty("artifact_id").GetString()!.Split(',')
            .Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1]);
        var copies = Artifact(0);
        var shared = Artifact(1);
        Assert.Equal(["ap-northeast-1", "eu-west-1", "us-west-2"], copies.Keys.Order());
        Assert.Equal(["ap-northeast-1", "us-west-2"], shared.Keys.Order());

        var aws = await AwsCli.ForAsync(cloud);
        // The build region is served as the local cloud's own region; the copies live in the regions named.
        var home = cloud.Region;
        async Task<JsonElement> Image(string region, string id) =>
            (await aws.MustAsync(region, "describe-images", "--image-ids", id)).GetProperty("Images")[0];

        // Copies: encrypted, each with its region's key (eu-west-1 has EBS's default key), tagged, apart by region.
        var west = await Image("us-west-2", copies["us-west-2"]);
        var westEbs = west.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs");
        Assert.Equal($"{name}-copies", west.GetProperty("Name").GetString());
        Assert.True(westEbs.GetProperty("Encrypted").GetBoolean());
        Assert.Equal(WestKey, westEbs.GetProperty("KmsKeyId").GetString());
        Assert.Contains(west.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Key").GetString() == "Team" && t.GetProperty("Value").GetString() == "web");
        var westSnapshot = (await aws.MustAsync("us-west-2", "describe-snapshots", "--snapshot-ids", westEbs.GetProperty("SnapshotId").GetString()!))
            .GetProperty("Snapshots")[0];
        Assert.True(westSnapshot.GetProperty("Encrypted").GetBoolean());
        Assert.Equal(WestKey, westSnapshot.GetProperty("KmsKeyId").GetString());
        Assert.Contains(westSnapshot.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Value").GetString() == "copies");
        // As Packer 1.6.6 does, a copy's snapshots carry the image's tags too.
        Assert.Contains(westSnapshot.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Key").GetString() == "Team" && t.GetProperty("Value").GetString() == "web");
        var eu = (await Image("eu-west-1", copies["eu-west-1"])).GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs");
        Assert.Equal("arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs", eu.GetProperty("KmsKeyId").GetString());
        var (elsewhere, error) = await aws.Ec2Async("eu-west-1", "describe-images", "--image-ids", copies["us-west-2"]);
        Assert.Null(elsewhere);
        Assert.Contains("InvalidAMIID.NotFound", error);

        // The build region's image is the encrypted copy under the real name; the unencrypted one is gone.
        var built = await Image(home, copies["ap-northeast-1"]);
        Assert.Equal($"{name}-copies", built.GetProperty("Name").GetString());
        Assert.Equal("arn:aws:kms:" + home + ":123456789012:alias/build-key",
            built.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("KmsKeyId").GetString());
        var intermediate = await aws.MustAsync(home, "describe-images", "--owners", "self", "--filters", "Name=name,Values=kiln-intermediate-*");
        Assert.Empty(intermediate.GetProperty("Images").EnumerateArray());

        // Sharing: two accounts and `all` in both regions, snapshots for one account, the product code.
        foreach (var (region, id) in new[] { (home, shared["ap-northeast-1"]), ("us-west-2", shared["us-west-2"]) })
        {
            var launch = (await aws.MustAsync(region, "describe-image-attribute", "--image-id", id, "--attribute", "launchPermission"))
                .GetProperty("LaunchPermissions").EnumerateArray().Select(p => p.TryGetProperty("UserId", out var u) ? u.GetString() : p.GetProperty("Group").GetString()).ToList();
            Assert.Equal(["111111111111", "222222222222", "all"], launch);
            var image = await Image(region, id);
            Assert.True(image.GetProperty("Public").GetBoolean());
            Assert.Equal("prod1code", image.GetProperty("ProductCodes")[0].GetProperty("ProductCodeId").GetString());
            var byAccount = await aws.MustAsync(region, "describe-images", "--executable-users", "222222222222", "--image-ids", id);
            Assert.Single(byAccount.GetProperty("Images").EnumerateArray());
            var snapshot = image.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString()!;
            var volume = (await aws.MustAsync(region, "describe-snapshot-attribute", "--snapshot-id", snapshot, "--attribute", "createVolumePermission"))
                .GetProperty("CreateVolumePermissions");
            Assert.Equal("111111111111", Assert.Single(volume.EnumerateArray()).GetProperty("UserId").GetString());
        }
        var publicImages = await aws.MustAsync("us-west-2", "describe-images", "--executable-users", "all", "--owners", "self");
        Assert.Contains(publicImages.GetProperty("Images").EnumerateArray(), i => i.GetProperty("ImageId").GetString() == shared["us-west-2"]);
        Assert.DoesNotContain(publicImages.GetProperty("Images").EnumerateArray(), i => i.GetProperty("ImageId").GetString() == copies["us-west-2"]);
    }
}
