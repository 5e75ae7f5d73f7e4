using Kiln.Baking.Retention;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Tests.Retention;

public class PrunePlannerTests
{
    private static readonly Family Hoge = new("hoge-dev-api-base");
    private static CloudImage Gen(int day, ImageState state = ImageState.Available, bool temporary = false) =>
        Images.Make($"hoge-dev-api-base-201803{day:00}-0000", state, temporary, id: $"ami-{day:00}");

    [Fact]
    public void Keeps_the_newest_n_and_removes_the_rest_with_their_snapshots()
    {
        var plan = PrunePlanner.Plan(Hoge, 3, [Gen(1), Gen(4), Gen(2), Gen(3)], new Dictionary<ImageId, string>(), dryRun: false);
        Assert.Equal(["ami-04", "ami-03", "ami-02"], plan.Kept.Select(k => k.Id.Value));
        Assert.All(plan.Kept, k => Assert.Equal("one of the newest 3", k.Reason));
        var pruned = Assert.Single(plan.Pruned);
        Assert.Equal("ami-01", pruned.Id.Value);
        Assert.Single(pruned.Snapshots);
    }

    [Fact]
    public void An_image_in_use_is_kept_and_says_why()
    {
        var plan = PrunePlanner.Plan(Hoge, 1, [Gen(1), Gen(2), Gen(3)],
            new Dictionary<ImageId, string> { [new("ami-01")] = "launch template lt-1 version 4" }, dryRun: true);
        Assert.Contains(plan.Kept, k => k.Id.Value == "ami-01" && k.Reason == "in use: launch template lt-1 version 4");
        Assert.Equal(["ami-02"], plan.Pruned.Select(p => p.Id.Value));
        Assert.True(plan.DryRun);
    }

    [Fact]
    public void Other_families_deregistered_and_unfinished_images_are_not_counted_or_touched()
    {
        var others = new[]
        {
            Images.Make("hoge-dev-api-base2-20180301-0000", id: "ami-other"),
            Images.Make("hoge-dev-api-base-20180305-0000", ImageState.Deregistered, id: "ami-dereg"),
            Gen(6, ImageState.Pending, temporary: true),
        };
        var plan = PrunePlanner.Plan(Hoge, 2, [Gen(1), Gen(2), Gen(3), .. others], new Dictionary<ImageId, string>(), false);
        Assert.Equal(["ami-01"], plan.Pruned.Select(p => p.Id.Value));
        Assert.Contains(plan.Kept, k => k.Id.Value == "ami-06" && k.Reason.StartsWith("unfinished", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Kept.Select(k => k.Id.Value).Concat(plan.Pruned.Select(p => p.Id.Value)), id => id is "ami-other" or "ami-dereg");
    }
}
