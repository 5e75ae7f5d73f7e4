using Kiln.Cli;

namespace Kiln.EndToEnd.Tests.Reliability;

public sealed class UsageMessagesTests
{
    [Theory]
    [InlineData("Failed to convert 'abc' to Nullable`1.", new[] { "bake", "a", "b", "c", "--keep", "abc" }, "--keep 'abc' is not a whole number")]
    [InlineData("Failed to convert 'abc' to Int32.", new[] { "prune", "f", "--keep=abc" }, "--keep 'abc' is not a whole number")]
    [InlineData("Failed to convert 'x' to Boolean.", new[] { "gc", "--dry-run", "x" }, "--dry-run 'x' is not a valid value")]
    [InlineData("Failed to convert 'abc' to Int32.", new[] { "abc" }, "'abc' is not a whole number")]
    [InlineData("Unknown option 'cloud'.", new[] { "bake", "--cloud", "aws" }, "Unknown option 'cloud'.")]
    public void A_conversion_failure_names_the_option_and_what_it_takes(string message, string[] args, string expected) =>
        Assert.Equal(expected, UsageMessages.Clarify(message, args));
}
