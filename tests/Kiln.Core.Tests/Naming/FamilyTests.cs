using Kiln.Core.Naming;

namespace Kiln.Core.Tests.Naming;

public sealed class FamilyTests
{
    private static readonly Family Hoge = Family.For("hoge", "dev", "api");

    [Fact]
    public void The_articles_family_and_image_names()
    {
        Assert.Equal("hoge-dev-api-base", Hoge.Name);
        Assert.Equal("hoge-dev-api-base-20180301-1234", Hoge.ImageNameAt(new DateTimeOffset(2018, 3, 1, 21, 34, 0, TimeSpan.FromHours(9))));
        Assert.Equal("hoge-dev-api-base-*", Hoge.NameFilter);
    }

    /// <summary>The article's `grep hoge-dev-api-base` takes the last three; only exact members count.</summary>
    [Theory]
    [InlineData("hoge-dev-api-base-20180301-1234", true)]
    [InlineData("hoge-dev-api-base2-20180301-1234", false)]
    [InlineData("xhoge-dev-api-base-20180301-1234", false)]
    [InlineData("hoge-dev-api-base-20180301-1234-copy", false)]
    [InlineData("hoge-dev-api-base-20181301-1234", false)] // month 13
    [InlineData("hoge-dev-api-base-", false)]
    public void Only_exact_members_have_a_stamp(string image, bool member) =>
        Assert.Equal(member, Hoge.StampOf(image) is not null);

    [Fact]
    public void Generations_are_newest_first_by_stamp_then_creation_time()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        (string Name, DateTimeOffset Created)[] images =
        [
            ("hoge-dev-api-base-20180101-0000", t0.AddDays(9)),   // created late, stamped early
            ("hoge-dev-api-base-20180301-1234", t0.AddDays(1)),
            ("hoge-dev-api-base2-20190101-0000", t0.AddDays(2)),  // another family
            ("hoge-dev-api-base-20180301-1234", t0.AddDays(3)),   // same stamp, created later
        ];
        var order = Hoge.Generations(images, i => i.Name, i => i.Created);
        Assert.Equal([images[3], images[1], images[0]], order);
    }
}
