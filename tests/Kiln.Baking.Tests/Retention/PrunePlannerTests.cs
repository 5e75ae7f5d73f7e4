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

public class PrunePlannerFailedTestsTests
{
    private static readonly Family Hoge = new("hoge-dev-api-base");
    private static CloudImage Gen(int day, string? tests = null)
    {
        var image = Images.Make($"hoge-dev-api-base-201803{day:00}-0000", id: $"ami-{day:00}");
        if (tests is null) return image;
        return image with { Tags = new Dictionary<string, string>(image.Tags) { [KilnTags.Tests] = tests } };
    }

    [Fact]
    public void An_image_that_failed_its_tests_is_not_counted_kept_while_newest_and_pruned_once_a_newer_generation_exists()
    {
        var plan = PrunePlanner.Plan(Hoge, 2, [Gen(1, "passed"), Gen(2, "failed"), Gen(3), Gen(4, "passed"), Gen(5, "failed")],
            new Dictionary<ImageId, string>(), dryRun: false);
        // The two newest generations are 04 and 03 (05 and 02 failed): 01 goes, and so does 02, older than 04.
        Assert.Equal(["ami-04", "ami-03"], plan.Kept.Where(k => k.Reason == "one of the newest 2").Select(k => k.Id.Value));
        Assert.Contains(plan.Kept, k => k.Id.Value == "ami-05" && k.Reason.StartsWith("failed its tests", StringComparison.Ordinal));
        Assert.Equal(["ami-01", "ami-02"], plan.Pruned.Select(p => p.Id.Value).Order());
    }

    [Fact]
    public void A_failed_image_in_use_is_kept()
    {
        var plan = PrunePlanner.Plan(Hoge, 1, [Gen(1, "failed"), Gen(2)],
            new Dictionary<ImageId, string> { [new("ami-01")] = "instance i-1" }, dryRun: true);
        Assert.Contains(plan.Kept, k => k.Id.Value == "ami-01" && k.Reason == "failed its tests; in use: instance i-1");
        Assert.Empty(plan.Pruned);
    }
}
