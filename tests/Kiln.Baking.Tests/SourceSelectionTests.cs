using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Tests;

public class SourceSelectionTests
{
    private static readonly Family Hoge = new("hoge-dev-api-base");

    public static TheoryData<string[], string?> FamilyCases => new()
    {
        { ["hoge-dev-api-base-20180301-1234", "hoge-dev-api-base-20180302-0000"], "hoge-dev-api-base-20180302-0000" },
        // The article's grep took these; they are other families.
        { ["hoge-dev-api-base2-20990101-0000", "xhoge-dev-api-base-20990101-0000", "hoge-dev-api-base-20180301-1234"], "hoge-dev-api-base-20180301-1234" },
        { ["hoge-dev-api-base-latest", "hoge-dev-api-base-2018030-1234"], null },
        { [], null },
    };

    [Theory, MemberData(nameof(FamilyCases))]
    public void Newest_of_exactly_this_family(string[] names, string? expected) =>
        Assert.Equal(expected, SourceSelection.NewestOfFamily(Hoge, names.Select(n => Images.Make(n)))?.Name);

    [Fact]
    public void Unfinished_and_unavailable_images_are_never_a_source()
    {
        var images = new[]
        {
            Images.Make("hoge-dev-api-base-20180301-0000"),
            Images.Make("hoge-dev-api-base-20180302-0000", temporary: true),
            Images.Make("hoge-dev-api-base-20180303-0000", ImageState.Pending),
            Images.Make("hoge-dev-api-base-20180304-0000", ImageState.Failed),
        };
        Assert.Equal("hoge-dev-api-base-20180301-0000", SourceSelection.NewestOfFamily(Hoge, images)?.Name);
    }

    [Theory]
    [InlineData("failed", "hoge-dev-api-base-20180301-0000")]
    [InlineData("passed", "hoge-dev-api-base-20180302-0000")]
    [InlineData(null, "hoge-dev-api-base-20180302-0000")] // made before tests existed: counts as it always did
    public void An_image_that_failed_its_tests_is_never_a_source(string? tests, string expected)
    {
        var newer = Images.Make("hoge-dev-api-base-20180302-0000");
        if (tests is not null) newer = newer with { Tags = new Dictionary<string, string>(newer.Tags) { [Kiln.Core.KilnTags.Tests] = tests } };
        Assert.Equal(expected, SourceSelection.NewestOfFamily(Hoge, [Images.Make("hoge-dev-api-base-20180301-0000"), newer])?.Name);
    }

    [Fact]
    public void Newest_base_image_by_creation_time() =>
        Assert.Equal("b", SourceSelection.Newest([
            Images.Make("a", created: DateTimeOffset.UnixEpoch.AddDays(1)),
            Images.Make("b", created: DateTimeOffset.UnixEpoch.AddDays(2)),
            Images.Make("c", ImageState.Pending, created: DateTimeOffset.UnixEpoch.AddDays(3)),
        ])?.Name);

    public static TheoryData<Dictionary<string, string>, bool> FilterCases => new()
    {
        { new() { ["name"] = "hoge-*-base-*" }, true },
        { new() { ["name"] = "hoge-prd-*" }, false },
        { new() { ["name"] = "hoge-dev-api-base-2018030?-1234" }, true },
        { new() { ["tag:kiln:temporary"] = "false", ["virtualization-type"] = "hvm" }, true },
        { new() { ["tag:owner"] = "x" }, false },
        { new() { ["state"] = "available" }, true },
    };

    [Theory, MemberData(nameof(FilterCases))]
    public void Source_ami_filter_matching(Dictionary<string, string> filters, bool matches) =>
        Assert.Equal(matches, SourceSelection.Matches(Images.Make("hoge-dev-api-base-20180301-1234"), filters));
}
