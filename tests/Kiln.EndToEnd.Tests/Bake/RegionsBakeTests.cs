using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Build;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>kiln.yml's regions: and share_with: make a generation one thing in every region: the bake copies and
/// shares it, `kiln images` lists the copies, and retention and `kiln prune` remove a generation everywhere, but
/// never one whose copy is in use in its region. Checked with the real AWS CLI region by region (the older generations
/// and the instance that uses one are arranged through the AWS SDK: each AWS CLI call costs over a second of CPU).</summary>
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
        using var westEc2 = cloud.Ec2In(West);
        // Two older generations with copies in us-west-2, as an earlier bake leaves them; the newer one's copy runs.
        var old = await OldGenerationsAsync(westEc2, $"{family}-20180101-0000", $"{family}-20180102-0000");
        var (unused, used) = (old[0], old[1]);
        var instance = (await westEc2.RunInstancesAsync(new RunInstancesRequest { ImageId = used.Copy, InstanceType = InstanceType.T2Nano, MinCount = 1, MaxCount = 1 }))
            .Reservation.Instances[0].InstanceId;

        // What the playbook does is not the point here: the tiny tree (one task) rather than the article's.
        var dir = PlaybookTrees.Tiny(cloud.Home);
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
        await westEc2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance] });
        var prune = await cloud.Kiln.RunAsync("prune", family, "--keep", "1");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains($"its copies {used.Copy} in {West}", prune.Output);
        Assert.False(await ExistsAsync(aws, cloud.Region, used.Home));
        Assert.False(await ExistsAsync(aws, West, used.Copy));
        Assert.True(await ExistsAsync(aws, West, copy));
    }

    /// <summary>Images of these names (from one instance), each copied to us-west-2 and tagged with its copy as a bake
    /// tags them.</summary>
    private async Task<(string Home, string Copy)[]> OldGenerationsAsync(AmazonEC2Client west, params string[] names)
    {
        var homes = await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId, names);
        var generations = new List<(string Home, string Copy)>();
        foreach (var (home, name) in homes.Zip(names))
        {
            var copy = (await west.CopyImageAsync(new CopyImageRequest { SourceRegion = cloud.Region, SourceImageId = home, Name = name })).ImageId;
            await cloud.Ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [home], Tags = [new(KilnTags.Copies, $"{West}:{copy}")] });
            for (var i = 0; i < 120 && (await west.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [copy] })).Images[0].State != ImageState.Available; i++)
                await Task.Delay(500);
            generations.Add((home, copy));
        }
        return [.. generations];
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
