using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Listing;

namespace Kiln.LocalCloud.Tests.Unit.Gce;

public sealed class GceFilterTests
{
    private static readonly JsonObject Image = new()
    {
        ["name"] = "hoge-dev-api-base-20261204-0012", ["family"] = "hoge-dev-api-base", ["status"] = "READY",
        ["labels"] = new JsonObject { ["kiln-run-id"] = "r-42" }, ["deprecated"] = new JsonObject { ["state"] = "DEPRECATED" },
    };

    [Theory]
    // As gcloud sends them: `family=X` and `name~^kiln` rewritten to whole-value regular expressions.
    [InlineData("family eq \".*\\bhoge-dev-api-base\\b.*\"", true)]
    [InlineData("family eq \".*\\bhoge-dev\\b.*\"", true)]
    [InlineData("name eq \".*(^hoge).*\"", true)]
    [InlineData("name eq \".*(^kiln).*\"", false)]
    [InlineData("name eq \"hoge\"", false)] // the whole value, not a part of it
    [InlineData("name ne \"hoge-.*\"", false)]
    [InlineData("(family eq \"hoge-dev-api-base\") (status eq \"READY\")", true)]
    [InlineData("(family eq \"hoge-dev-api-base\") (status eq \"FAILED\")", false)]
    [InlineData("labels.kiln-run-id eq \"r-42\"", true)]
    [InlineData("deprecated.state eq DEPRECATED", true)]
    // A bare or single-quoted literal is RE2 too (Google's list filter documentation).
    [InlineData("name eq hoge-dev-.*", true)]
    [InlineData("name eq 'hoge-dev-api-base-2026.*'", true)]
    [InlineData("name ne 'hoge-.*'", false)]
    [InlineData("status eq READ", false)]
    [InlineData("description eq \"\"", true)] // an absent field is empty
    public void Filters_match_as_compute_engine_matches(string expression, bool matches) =>
        Assert.Equal(matches, GceFilter.Parse(expression)!.Matches(Image));

    [Theory]
    [InlineData("name = foo")]
    [InlineData("name eq \"(unclosed\"")]
    [InlineData("name eq")]
    public void A_filter_compute_engine_would_not_take_is_refused_as_invalid(string expression)
    {
        var e = Assert.Throws<GceException>(() => GceFilter.Parse(expression));
        Assert.Equal(400, e.Status);
        Assert.Equal("invalid", e.Reason);
    }

    [Fact]
    public void No_filter_is_no_filter() => Assert.Null(GceFilter.Parse("  "));
}
