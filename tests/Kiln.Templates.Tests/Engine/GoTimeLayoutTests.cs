using System.Globalization;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Tests.Engine;

public class GoTimeLayoutTests
{
    // Thursday 2018-03-01 09:07:05.12 UTC (the article's era; a morning hour and a single-digit day).
    private static readonly DateTimeOffset T = new(2018, 3, 1, 9, 7, 5, 120, TimeSpan.Zero);
    private static readonly DateTimeOffset GoReference = new(2006, 1, 2, 15, 4, 5, TimeSpan.Zero);

    [Theory]
    // Outputs checked against `packer console` 1.6.6 (`{{isotime "…"}}`) for the same layouts.
    [InlineData("20060102-1504", "20180301-0907")]
    [InlineData("2006-01-02", "2018-03-01")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2018-03-01T09:07:05Z")]
    [InlineData("2006-01-02T15:04:05-07:00", "2018-03-01T09:07:05+00:00")]
    [InlineData("Mon Jan _2 15:04:05 MST 2006", "Thu Mar  1 09:07:05 UTC 2018")]
    [InlineData("Monday, January 2, 2006", "Thursday, March 1, 2018")]
    [InlineData("3:04PM", "9:07AM")]
    [InlineData("3:04pm", "9:07am")]
    [InlineData("03:04:05 PM", "09:07:05 AM")]
    [InlineData("15:04:05.000", "09:07:05.120")]
    [InlineData("15:04:05.999", "09:07:05.12")]
    [InlineData(".000000000", ".120000000")]
    [InlineData("06/1/2", "18/3/1")]
    [InlineData("-0700 Z0700 -07 -07:00:00 Z07:00:00", "+0000 Z +00 +00:00:00 Z")]
    [InlineData("Janet _2006 1.5", "Janet _2018 3.5")]
    [InlineData("Mondays Monthly Jane", "Thursdays Monthly Jane")]
    [InlineData("02-Jan-06", "01-Mar-18")]
    [InlineData("it's 15h", "it's 09h")]
    public void Formats_like_go(string layout, string expected) =>
        Assert.Equal(expected, GoTimeLayout.Format(layout, T));

    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z")]
    [InlineData("Mon Jan _2 15:04:05 MST 2006", "Mon Jan  2 15:04:05 UTC 2006")]
    [InlineData("20060102-1504", "20060102-1504")]
    public void Formatting_the_reference_time_gives_the_layout_back(string layout, string expected) =>
        Assert.Equal(expected, GoTimeLayout.Format(layout, GoReference));

    [Theory]
    [InlineData("20060102-1504", @"yyyyMMdd\-HHmm")]
    [InlineData("2006-01-02T15:04:05Z07:00", @"yyyy\-MM\-dd\THH\:mm\:ss\Z")]
    [InlineData("Jan 2 3PM", @"MMM\ %d\ %htt")]
    [InlineData("15:04:05.999", @"HH\:mm\:ss.FFF")]
    [InlineData("Mon Jan _2", null)]
    [InlineData("3pm", null)]
    public void Converts_to_a_dotnet_format(string layout, string? expected) =>
        Assert.Equal(expected, GoTimeLayout.ToDotNet(layout));

    [Theory]
    [InlineData("20060102-1504")]
    [InlineData("2006-01-02T15:04:05Z07:00")]
    [InlineData("Monday, January 2, 2006 3:04:05.000 PM -07:00")]
    [InlineData("1/2/06 15:04")]
    public void The_dotnet_format_prints_what_the_layout_prints(string layout) =>
        Assert.Equal(GoTimeLayout.Format(layout, T), T.UtcDateTime.ToString(GoTimeLayout.ToDotNet(layout), CultureInfo.InvariantCulture));
}
