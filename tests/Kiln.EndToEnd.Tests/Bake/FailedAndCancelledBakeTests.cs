using System.Text.Json;
using System.Text.RegularExpressions;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Bake;

/// <summary>A bake that fails or is interrupted leaves nothing in the cloud, prunes nothing, and says how it ended.</summary>
[Collection(BakeCollection.Name)]
public sealed partial class FailedAndCancelledBakeTests(CliCloudFixture cloud)
{
    [Fact]
    public async Task A_failing_playbook_exits_1_leaves_nothing_prunes_nothing_and_the_record_says_why()
    {
        var account = BakeRun.NewAccount();
        var tree = PlaybookTrees.Tiny(cloud.Home, PlaybookTrees.FailingTask);
        // A previous generation: with --keep 1 a successful bake would prune it.
        var previous = (await cloud.Cloud.MakeImagesAsync(cloud.BaseImageId, $"{account}-dev-api-base-20200101-0000"))[0];
        var before = await cloud.Cloud.InventoryAsync();

        var bake = await BakeRun.RunAsync(cloud.Kiln, account, tree, "--keep", "1");

        Assert.True(bake.Cli.ExitCode == 1, bake.Cli.ToString());
        Assert.Equal("failed", bake.Outcome);
        Assert.Equal(previous, bake.Source);
        Assert.Contains("this task fails", bake.Cli.Stderr);
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        Assert.NotNull(await cloud.Cloud.ImageAsync(previous));
        Assert.Empty(bake.Pruned);

        var record = await RunRecord.ShowAsync(cloud.Kiln, bake.Run);
        Assert.Equal("failed", record.Outcome);
        Assert.Contains("ansible-playbook", record.Error);
        Assert.Contains(record.Resources, r => r.Kind == "instance");
        Assert.All(record.Resources, r => Assert.Equal("cleaned", r.State));
    }

    [Fact]
    public async Task Ctrl_C_during_ansible_exits_130_leaves_nothing_and_no_child_process_and_the_record_says_cancelled()
    {
        var account = BakeRun.NewAccount();
        var tree = PlaybookTrees.Tiny(cloud.Home, PlaybookTrees.LongTask);
        var before = await cloud.Cloud.InventoryAsync();

        using var kiln = cloud.Kiln.Start(["bake", account, "dev", "api", "--dir", tree, "--json"]);
        await kiln.WaitForLineAsync(l => l.StartsWith("TASK [long task]", StringComparison.Ordinal), BakeRun.Budget);
        var address = Address().Match(string.Join('\n', kiln.Lines)).Groups[1].Value;
        await Task.Delay(TimeSpan.FromSeconds(1)); // the task is now running on the instance
        kiln.Signal(KilnProcess.SIGINT);
        var result = await kiln.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal([], ProcessTable.Mentioning(tree, cloud.Home + "/runs", $"@{address}", $"{address} "));
        using var json = JsonDocument.Parse(result.Stdout);
        var run = json.RootElement.GetProperty("run").GetString()!;
        Assert.Equal("cancelled", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("", (await cloud.Cloud.InventoryAsync()).NewSince(before));
        var record = await RunRecord.ShowAsync(cloud.Kiln, run);
        Assert.Equal("cancelled", record.Outcome);
        Assert.Contains(record.Resources, r => r.Kind == "instance");
        Assert.All(record.Resources, r => Assert.Equal("cleaned", r.State));
    }

    [GeneratedRegex(@"is running at (\d+\.\d+\.\d+\.\d+)")]
    private static partial Regex Address();
}
