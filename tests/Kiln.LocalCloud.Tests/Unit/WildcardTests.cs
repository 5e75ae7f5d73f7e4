using Kiln.LocalCloud.Filtering;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("hoge-dev-api-base-*", "hoge-dev-api-base-20261126-1200", true)]
    [InlineData("hoge-dev-api-base-*", "hoge-prd-api-base-20261126-1200", false)]
    [InlineData("*-base-2026????-????", "hoge-dev-api-base-20261126-1200", true)]
    [InlineData("*-base-2026????-????", "hoge-dev-api-base-2026112-1200", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "Exact", false)]
    [InlineData("exact", "exactly", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("a\\?", "a?", true)]
    [InlineData("a.c", "abc", false)]
    [InlineData("(x)[y]", "(x)[y]", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    public void Matches_as_EC2_filters_do(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Wildcard.IsMatch(pattern, value));

    [Theory]
    [InlineData("hoge-*", "hoge-*")]
    [InlineData("a?c", "a?c")]
    [InlineData("x[1]", "x[[]1[]]")]
    [InlineData("a\\*b", "a[*]b")]
    public void Translates_to_an_SQLite_glob_with_the_same_meaning(string pattern, string glob) =>
        Assert.Equal(glob, Wildcard.ToGlob(pattern));
}
