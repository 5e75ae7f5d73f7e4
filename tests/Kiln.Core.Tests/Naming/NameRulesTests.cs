using Kiln.Core.Naming;

namespace Kiln.Core.Tests.Naming;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("hoge-dev-api-base-20180301-1234")]
    [InlineData("My image (v2) [prod] ./@_'")]
    [InlineData("abc")]
    public void Names_ec2_accepts_pass(string name) => Assert.Null(NameRules.ImageNameProblem(name));

    [Theory]
    [InlineData("ab", "3 to 128")]
    [InlineData("image;rm -rf /", "may hold only")]
    [InlineData("image\u00e9", "may hold only")]
    [InlineData("$(whoami)-image", "may hold only")]
    public void Names_ec2_refuses_are_named_with_the_rule(string name, string rule) =>
        Assert.Contains(rule, NameRules.ImageNameProblem(name));

    [Fact]
    public void A_name_longer_than_128_is_refused() =>
        Assert.Contains("3 to 128", NameRules.ImageNameProblem(new string('a', 129)));

    [Theory]
    [InlineData("dev", null)]
    [InlineData("api-2", null)]
    [InlineData("", "is empty")]
    [InlineData("Dev", "lower-case")]
    [InlineData("-dev", "lower-case")]
    [InlineData("../etc", "lower-case")]
    [InlineData("dev api", "lower-case")]
    public void Family_parts_are_lower_case_letters_digits_and_dashes(string value, string? problem)
    {
        var found = NameRules.PartProblem("env", value);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Fact]
    public void The_character_rule_is_checked_before_the_length() =>
        Assert.Contains("lower-case", NameRules.PartProblem("env", new string('X', 50)));

    [Fact]
    public void A_family_whose_image_names_would_pass_128_characters_is_refused()
    {
        Assert.Null(NameRules.FamilyProblem(new string('a', 114)));
        Assert.Contains("longer than 114", NameRules.FamilyProblem(new string('a', 115)));
    }

    [Fact]
    public void Printable_drops_control_characters_and_cuts_long_values()
    {
        Assert.Equal("a?b?c", NameRules.Printable("a\nb\u001bc"));
        Assert.Equal(new string('x', 80) + "…", NameRules.Printable(new string('x', 200)));
    }
}
