using Kiln.Templates.Engine;

namespace Kiln.Templates.Tests.Engine;

public class GoDurationTests
{
    [Theory]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("300ms", 300)]
    [InlineData("0", 0)]
    [InlineData("2h45m10s", 9_910_000)]
    public void Parses_go_durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("five minutes")]
    [InlineData("5 m")]
    [InlineData("")]
    [InlineData("m")]
    public void Refuses_what_go_refuses(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
