using System.Text.Json;
using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Baking.Tests;

public class BakeResultTests
{
    [Fact]
    public void Json_has_plain_ids_outcome_steps_and_pruned_images()
    {
        var result = new BakeResult(new RunId("kiln-20260101-000000-ab12"), RunOutcome.Succeeded, null,
            new ImageId("ami-new"), "hoge-dev-api-base-20260101-0000", new ImageId("ami-old"), "hoge-dev-api-base-20251231-0000",
            [new StepTiming("provision", "succeeded", 12.5)], 15.25,
            [new PrunedImage(new ImageId("ami-gone"), "hoge-dev-api-base-20251201-0000", [new SnapshotId("snap-1")])],
            [new KeptImage(new ImageId("ami-new"), "hoge-dev-api-base-20260101-0000", "one of the newest 3")], []);
        using var doc = JsonDocument.Parse(result.ToJson());
        var root = doc.RootElement;
        Assert.Equal("kiln-20260101-000000-ab12", root.GetProperty("run").GetString());
        Assert.Equal("succeeded", root.GetProperty("outcome").GetString());
        Assert.Equal("ami-new", root.GetProperty("image").GetString());
        Assert.Equal("ami-old", root.GetProperty("source").GetString());
        Assert.Equal(12.5, root.GetProperty("steps")[0].GetProperty("seconds").GetDouble());
        Assert.Equal("snap-1", root.GetProperty("pruned")[0].GetProperty("snapshots")[0].GetString());
        Assert.Equal("one of the newest 3", root.GetProperty("kept")[0].GetProperty("reason").GetString());
    }
}
