using Kiln.Server.Families;

namespace Kiln.Server.Tests.Families;

/// <summary>The step-duration chart's geometry: runs and steps in, bars and stacked segments out (SVG units:
/// the plot spans x 56–752, y 12–228, so 216 units of height).</summary>
public sealed class StepChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static BakeTiming Bake(string run, params (string Step, double Seconds)[] steps) =>
        new(run, T0, "succeeded", steps.Select(s => new StepTiming(s.Step, s.Seconds)).ToList());

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.4, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(3, 5)]
    [InlineData(5, 5)]
    [InlineData(7, 10)]
    [InlineData(47, 50)]
    [InlineData(101, 200)]
    [InlineData(900, 1000)]
    public void The_axis_top_is_the_next_1_2_or_5_times_a_power_of_ten(double longest, double top) =>
        Assert.Equal(top, StepChart.NiceCeiling(longest));

    [Fact]
    public void No_bakes_draw_no_bars_and_a_one_second_axis()
    {
        var chart = StepChart.Draw([]);
        Assert.Empty(chart.Bars);
        Assert.Empty(chart.Legend);
        Assert.Equal(1, chart.Scale);
        Assert.Equal([(228.0, "0 s"), (120.0, "0.5 s"), (12.0, "1 s")], chart.Ticks.Select(t => (t.Y, t.Label)));
    }

    public static TheoryData<string, BakeTiming[], (string Run, double X, double Width)[]> BarPlaces => new()
    {
        // Fewer than ten bakes keep a tenth of the plot each (69.6 units), from the left.
        { "one bake", [Bake("kiln-a", ("provision", 10))], [("kiln-a", 66.4, 48.7)] },
        { "newest first in, oldest on the left out", [Bake("kiln-b", ("provision", 10)), Bake("kiln-a", ("provision", 10))],
            [("kiln-a", 66.4, 48.7), ("kiln-b", 136.0, 48.7)] },
        // Twenty bakes share the plot: 34.8 units each.
        { "twenty bakes", Enumerable.Range(0, 20).Select(i => Bake($"kiln-{19 - i:00}", ("provision", 1))).ToArray(),
            Enumerable.Range(0, 20).Select(i => ($"kiln-{i:00}", Math.Round(56 + i * 34.8 + 5.22, 1), 24.4)).ToArray() },
        // Only the newest thirty are drawn.
        { "forty bakes", Enumerable.Range(0, 40).Select(i => Bake($"kiln-{39 - i:00}", ("provision", 1))).ToArray(),
            Enumerable.Range(10, 30).Select(i => ($"kiln-{i:00}", Math.Round(56 + (i - 10) * 23.2 + 3.48, 1), 16.2)).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BarPlaces))]
    public void Bars_sit_oldest_first_in_equal_slots(string why, BakeTiming[] bakes, (string Run, double X, double Width)[] expected)
    {
        var chart = StepChart.Draw(bakes);
        Assert.True(expected.SequenceEqual(chart.Bars.Select(b => (b.Run, b.X, b.Width))), why);
    }

    [Fact]
    public void Steps_stack_bottom_up_in_the_newest_bakes_order_each_with_one_colour_and_a_height_for_its_seconds()
    {
        var chart = StepChart.Draw([
            Bake("kiln-b", ("resolve source", 2), ("provision", 30), ("create image", 8)),
            // An older bake that ran its steps in another order and had a step the newest did not.
            Bake("kiln-a", ("provision", 10), ("resolve source", 2), ("encrypt image", 8)),
        ]);
        Assert.Equal(["resolve source", "provision", "create image", "encrypt image"], chart.Legend);
        Assert.Equal(50, chart.Scale); // the longest bake: 40 s
        var a = chart.Bars[0].Segments;
        Assert.Equal([("resolve source", 0, 219.4, 8.6), ("provision", 1, 176.2, 43.2), ("encrypt image", 3, 141.6, 34.6)],
            a.Select(s => (s.Step, s.Color, s.Y, s.Height)));
        var b = chart.Bars[1].Segments;
        Assert.Equal([("resolve source", 0, 219.4, 8.6), ("provision", 1, 89.8, 129.6), ("create image", 2, 55.2, 34.6)],
            b.Select(s => (s.Step, s.Color, s.Y, s.Height)));
        Assert.Equal("kiln-b · provision: 30.0 s", b[1].Title);
        Assert.StartsWith("kiln-b (succeeded, 2026-12-01 00:00Z): 40.0 s", chart.Bars[1].Title);
    }

    [Fact]
    public void A_step_recorded_twice_in_one_bake_is_one_segment_of_their_sum()
    {
        var chart = StepChart.Draw([Bake("kiln-a", ("create image", 2), ("create image", 3))]);
        var only = Assert.Single(chart.Bars[0].Segments);
        Assert.Equal(("create image", 216.0), (only.Step, only.Height)); // 5 s of a 5 s axis
    }
}
