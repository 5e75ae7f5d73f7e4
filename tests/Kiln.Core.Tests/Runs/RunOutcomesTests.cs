using Kiln.Core.Runs;

namespace Kiln.Core.Tests.Runs;

public sealed class RunOutcomesTests
{
    [Theory]
    [InlineData(RunOutcome.UpToDate, "up-to-date")]
    [InlineData(RunOutcome.Succeeded, "succeeded")]
    [InlineData(RunOutcome.Interrupted, "interrupted")]
    public void Every_outcome_reads_back_from_its_name(RunOutcome outcome, string name)
    {
        Assert.Equal(name, RunOutcomes.Name(outcome));
        Assert.True(RunOutcomes.TryParse(name, out var parsed));
        Assert.Equal(outcome, parsed);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("up to date")]
    [InlineData("")]
    [InlineData(null)]
    public void Numbers_and_unknown_words_are_not_outcomes(string? text) => Assert.False(RunOutcomes.TryParse(text, out _));
}
