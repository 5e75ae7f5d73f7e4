using System.Text.Json;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Build;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>kiln.yml's regions: and share_with: make a generation one thing in every region: the bake copies and
/// shares it, `kiln images` lists the copies, and retention and `kiln prune` remove a generation everywhere, but
/// never one whose copy is in use in its region. Checked with the real AWS CLI region by region.</summary>
[Collection(BakeCollection.Name)]
public sealed class RegionsBakeTests(CliCloudFixture cloud)
{
    private const string West = "us-west-2";

    [Fact]
    public async Task A_generation_is_copied_shared_listed_and_pruned_in_every_region()
    {
        var account = BakeRun.NewAccount();
        var family = $"{account}-dev-api-base";
        var aws = await AwsCli.ForAsync(cloud);
        // Two older generations with copies in us-west-2, as an earlier bake leaves them; the newer one's copy runs.
        var unused = await OldGenerationAsync(aws, $"{family}-20180101-0000");
        var used = await OldGenerationAsync(aws, $"{family}-20180102-0000");
        var instance = (await aws.MustAsync(West, "run-instances", "--image-id", used.Copy, "--instance-type", "t2.nano", "--count", "1"))
            .GetProperty("Instances")[0].GetProperty("InstanceId").GetString()!;

        var dir = PlaybookTrees.HogeCopy(cloud.Home);
        File.WriteAllText(Path.Combine(dir, "kiln.yml"), $"keep: 1\nregions: [{West}]\nshare_with: ['111111111111']\n");
        var bake = (await BakeRun.RunAsync(cloud.Kiln, account, dir)).Succeeded();

        // The new generation: its copy in us-west-2 is available, tagged with the lineage, shared like the image.
        var home = await ImageAsync(aws, cloud.Region, bake.Image);
        var copies = Tag(home, KilnTags.Copies);
        Assert.StartsWith($"{West}:ami-", copies);
        var copy = copies[(West.Length + 1)..];
        var west = await ImageAsync(aws, West, copy);
        Assert.Equal(bake.ImageName, west.GetProperty("Name").GetString());
        Assert.Equal(family, Tag(west, KilnTags.Family));
        Assert.Equal("false", Tag(west, KilnTags.Temporary));
        foreach (var (region, id) in new[] { (cloud.Region, bake.Image), (West, copy) })
        {
            var launch = await aws.MustAsync(region, "describe-image-attribute", "--image-id", id, "--attribute", "launchPermission");
            Assert.Equal("111111111111", launch.GetProperty("LaunchPermissions")[0].GetProperty("UserId").GetString());
        }
        var listed = await cloud.Kiln.RunAsync("images", family);
        Assert.Contains($"{bake.Image}", listed.Stdout);
        Assert.Contains($"{West}:{copy}", listed.Stdout);

        // Retention (keep 1): the unused old generation went from both regions; the one whose copy runs stayed.
        Assert.Contains(unused.Home, bake.Pruned);
        Assert.False(await ExistsAsync(aws, cloud.Region, unused.Home));
        Assert.False(await ExistsAsync(aws, West, unused.Copy));
        Assert.True(await ExistsAsync(aws, cloud.Region, used.Home));
        Assert.True(await ExistsAsync(aws, West, used.Copy));
        Assert.Contains($"in {West} (its copy {used.Copy})", bake.Cli.Output);

        // Once nothing uses it, `kiln prune` removes it from both regions too.
        await aws.MustAsync(West, "terminate-instances", "--instance-ids", instance);
        var prune = await cloud.Kiln.RunAsync("prune", family, "--keep", "1");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains($"its copies {used.Copy} in {West}", prune.Output);
        Assert.False(await ExistsAsync(aws, cloud.Region, used.Home));
        Assert.False(await ExistsAsync(aws, West, used.Copy));
        Assert.True(await ExistsAsync(aws, West, copy));
    }

    private async Task<(string Home, string Copy)> OldGenerationAsync(AwsCli aws, string name)
    {
        var home = (await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId, name)).Single();
        var copy = (await aws.MustAsync(West, "copy-image", "--source-region", cloud.Region, "--source-image-id", home, "--name", name))
            .GetProperty("ImageId").GetString()!;
        var (_, tagError) = await aws.Ec2Async(cloud.Region, "create-tags", "--resources", home, "--tags", $"Key={KilnTags.Copies},Value={West}:{copy}");
        Assert.Equal("", tagError);
        for (var i = 0; i < 120 && (await ImageAsync(aws, West, copy)).GetProperty("State").GetString() != "available"; i++) await Task.Delay(500);
        return (home, copy);
    }

    private static async Task<JsonElement> ImageAsync(AwsCli aws, string region, string id) =>
        (await aws.MustAsync(region, "describe-images", "--image-ids", id)).GetProperty("Images")[0];

    private static async Task<bool> ExistsAsync(AwsCli aws, string region, string id)
    {
        var (json, error) = await aws.Ec2Async(region, "describe-images", "--image-ids", id);
        if (json is null) { Assert.Contains("InvalidAMIID.NotFound", error); return false; }
        return json.Value.GetProperty("Images").GetArrayLength() > 0;
    }

    private static string Tag(JsonElement image, string key) => image.GetProperty("Tags").EnumerateArray()
        .Where(t => t.GetProperty("Key").GetString() == key).Select(t => t.GetProperty("Value").GetString()!).SingleOrDefault() ?? "";
}
