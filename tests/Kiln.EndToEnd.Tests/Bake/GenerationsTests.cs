using System.Text.Json;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>The article's three-generation rule through `kiln bake`: each bake starts from the family's newest image,
/// the fourth prunes the first (image and snapshots), and only exact family members count.</summary>
[Collection(GenerationsCollection.Name)]
public sealed class GenerationsTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task Four_bakes_chain_each_from_the_last_keep_three_and_ignore_look_alike_families()
    {
        var account = BakeRun.NewAccount();
        var family = $"{account}-dev-api-base";
        var tree = PlaybookTrees.Tiny(cloud.Home);
        // Newer-stamped images whose names the article's `grep hoge-dev-api-base` would take: they must be neither
        // a source nor pruned.
        var lookAlikes = await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId,
            $"{account}-dev-api-base2-20991231-2359", $"x{family}-20991231-2359");

        var bakes = new List<BakeRun>();
        for (var i = 0; i < 4; i++)
        {
            // The last generation changes a file's mode and adds one: what `kiln diff` must find below.
            if (i == 3) await File.WriteAllTextAsync(Path.Combine(tree, "playbooks", "dev.yml"), File.ReadAllText(Path.Combine(tree, "playbooks", "dev.yml"))
                .Replace("content: \"group=", "mode: \"0600\", content: \"group=") + AddedFileTask);
            // --force: the same tree on top of the newest image is up to date; this test is about the chain itself.
            // Each generation names its image a minute after the one before (image names carry the minute).
            bakes.Add((await BakeRun.RunAsync(cloud.Kiln.MinutesAhead(i), account, tree, "--force")).Succeeded());
        }

        Assert.Equal(cloud.BaseImageId, bakes[0].Source);
        for (var i = 1; i < 4; i++)
        {
            Assert.Equal(bakes[i - 1].Image, bakes[i].Source);
            var image = await cloud.Cloud.ImageAsync(bakes[i].Image);
            Assert.NotNull(image);
            Assert.Equal(bakes[i - 1].Image, CloudProbe.Tags(image.Tags)[KilnTags.SourceImage]);
        }

        // Three generations remain; the first is deregistered and its snapshots deleted.
        Assert.Equal([], bakes[3].Result.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal([], bakes[0..3].SelectMany(b => b.Pruned));
        Assert.Equal([bakes[0].Image], bakes[3].Pruned);
        Assert.Null(await cloud.Cloud.ImageAsync(bakes[0].Image));
        var firstSnapshots = bakes[3].Result.GetProperty("pruned")[0].GetProperty("snapshots").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.NotEmpty(firstSnapshots);
        foreach (var snapshot in firstSnapshots) Assert.False(await cloud.Cloud.SnapshotExistsAsync(snapshot), $"{snapshot} was not deleted");
        var remaining = (await cloud.Cloud.OwnImagesAsync($"{family}-*")).Select(i => i.ImageId).Order().ToList();
        Assert.Equal(bakes[1..].Select(b => b.Image).Order(), remaining);
        foreach (var id in lookAlikes) Assert.NotNull(await cloud.Cloud.ImageAsync(id));

        var listed = await cloud.Kiln.RunAsync("images", family, "--json");
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(bakes[1..].Select(b => b.Image).Reverse(),
            JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        await AssertDiffOfTheLastTwoAsync(family, bakes);
    }

    private const string AddedFileTask = "    - name: added\n      copy: {dest: /etc/kiln-e2e-added, content: \"added\\n\"}\n";

    /// <summary>Each bake recorded its image's inventory (a step of about a second); `kiln diff FAMILY` compares the
    /// newest two: the same packages, the marker's new mode, the added file, and the inputs that differ.</summary>
    private async Task AssertDiffOfTheLastTwoAsync(string family, List<BakeRun> bakes)
    {
        foreach (var bake in bakes)
        {
            var step = bake.Result.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "record inventory");
            Assert.Equal("succeeded", step.GetProperty("outcome").GetString());
            Assert.True(step.GetProperty("seconds").GetDouble() < 5, $"the inventory took {step.GetProperty("seconds").GetDouble()} s");
        }
        var diff = await cloud.Kiln.RunAsync("diff", family, "--json");
        Assert.True(diff.ExitCode == 0, diff.ToString());
        var d = JsonDocument.Parse(diff.Stdout).RootElement;
        Assert.StartsWith(bakes[2].Image, d.GetProperty("from").GetString());
        Assert.StartsWith(bakes[3].Image, d.GetProperty("to").GetString());
        foreach (var kind in new[] { "added", "removed", "changed" }) Assert.Equal(0, d.GetProperty("packages").GetProperty(kind).GetArrayLength());
        var files = d.GetProperty("files");
        Assert.Contains(files.GetProperty("added").EnumerateArray(), f => f.GetProperty("path").GetString() == "/etc/kiln-e2e-added");
        var marker = files.GetProperty("changed").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "/etc/kiln-e2e-marker");
        Assert.Equal(["mode"], marker.GetProperty("changed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("600", marker.GetProperty("to").GetProperty("mode").GetString());
        var inputs = d.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()!).ToList();
        Assert.Contains(inputs, i => i.StartsWith($"source image {bakes[1].Image}"));
        Assert.Contains("playbook files changed", inputs);

        var text = await cloud.Kiln.RunAsync("diff", bakes[2].Image, bakes[3].ImageName);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("  ~ /etc/kiln-e2e-marker: mode 644 → 600", text.Stdout);
        var unknown = await cloud.Kiln.RunAsync("diff", cloud.BaseImageId, bakes[3].Image);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains($"image {cloud.BaseImageId} has no recorded inventory", unknown.Stderr);
    }
}
