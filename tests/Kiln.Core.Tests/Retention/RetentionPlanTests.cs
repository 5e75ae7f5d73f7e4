using Kiln.Core.Cloud;
using Kiln.Core.Retention;

namespace Kiln.Core.Tests.Retention;

public sealed class RetentionPlanTests
{
    private static CloudImage Image(int n) => new(new ImageId($"ami-{n:x17}"), $"f-2018010{n}-0000", ImageState.Available,
        DateTimeOffset.UnixEpoch.AddDays(n), [], new Dictionary<string, string>());

    [Fact]
    public void The_newest_n_are_kept_and_the_rest_deleted()
    {
        var images = Enumerable.Range(1, 5).Reverse().Select(Image).ToList();
        var plan = RetentionPlan.For(images, 3, new Dictionary<ImageId, string>());
        Assert.Equal(images.Take(3), plan.Keep.Select(k => k.Image));
        Assert.Equal(images.Skip(3), plan.Delete);
    }

    [Fact]
    public void An_old_image_in_use_is_kept_with_the_reason()
    {
        var images = Enumerable.Range(1, 5).Reverse().Select(Image).ToList();
        var plan = RetentionPlan.For(images, 2, new Dictionary<ImageId, string> { [images[4].Id] = "group web-v001" });
        Assert.Equal([images[2], images[3]], plan.Delete);
        Assert.Contains((images[4], "in use: group web-v001"), plan.Keep);
    }

    [Fact]
    public void Fewer_images_than_kept_deletes_nothing() =>
        Assert.Empty(RetentionPlan.For([Image(1)], 3, new Dictionary<ImageId, string>()).Delete);

    [Fact]
    public void Keeping_none_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetentionPlan.For([Image(1)], 0, new Dictionary<ImageId, string>()));
}
