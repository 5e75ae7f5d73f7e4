using System.Globalization;

namespace Kiln.Server.Families;

/// <summary>One finished bake as the chart reads it: its run, outcome and the duration of each recorded step.</summary>
public sealed record BakeTiming(string Run, DateTimeOffset Started, string Outcome, IReadOnlyList<StepTiming> Steps);
public sealed record StepTiming(string Step, double Seconds);

/// <summary>A step's part of one bar: <see cref="Color"/> indexes the legend (CSS class `s{Color % Palette}`).</summary>
public sealed record ChartSegment(string Step, int Color, double X, double Y, double Width, double Height, string Title);
public sealed record ChartBar(string Run, string Outcome, double X, double Width, IReadOnlyList<ChartSegment> Segments, string Title);
public sealed record ChartTick(double Y, string Label);

/// <summary>The shapes of the chart of bake duration per step, in SVG user units (<see cref="StepChart.Width"/> by
/// <see cref="StepChart.Height"/>); <see cref="Legend"/> names the steps in stacking order, bottom first.</summary>
public sealed record StepChartShape(IReadOnlyList<ChartBar> Bars, IReadOnlyList<string> Legend, IReadOnlyList<ChartTick> Ticks, double Scale);

/// <summary>Bake duration per step over a family's last bakes as stacked bars, oldest on the left: a pure function from
/// the history's runs and steps to shapes, drawn by the server as SVG (no script). Each step keeps its colour and its
/// place in the stack in every bar, so a step that grows is seen as one band that thickens.</summary>
public static class StepChart
{
    public const int Bakes = 30;
    public const double Width = 760, Height = 240, Left = 56, Right = 8, Top = 12, Bottom = 12;
    /// <summary>Bars never get thinner than a tenth of the plot, so a few bakes do not stretch into slabs.</summary>
    private const int MinSlots = 10;
    /// <summary>Colours in site.css (`.s0`…`.s15`): a bake on EC2 records 14 steps, each gets its own.</summary>
    public const int Palette = 16;

    private static double PlotWidth => Width - Left - Right;
    private static double PlotHeight => Height - Top - Bottom;
    private static double Baseline => Top + PlotHeight;

    /// <param name="newestFirst">As the history lists them; only the first <see cref="Bakes"/> are drawn.</param>
    public static StepChartShape Draw(IReadOnlyList<BakeTiming> newestFirst)
    {
        var bakes = newestFirst.Take(Bakes).Reverse().ToList();
        var legend = Legend(newestFirst.Take(Bakes));
        var color = legend.Select((step, i) => (step, i)).ToDictionary(x => x.step, x => x.i, StringComparer.Ordinal);
        var scale = NiceCeiling(bakes.Select(b => b.Steps.Sum(s => s.Seconds)).DefaultIfEmpty(0).Max());
        var slot = PlotWidth / Math.Max(bakes.Count, MinSlots);
        var bars = new List<ChartBar>();
        foreach (var (bake, index) in bakes.Select((b, i) => (b, i)))
        {
            var x = Round(Left + index * slot + slot * 0.15);
            var width = Round(slot * 0.7);
            var segments = new List<ChartSegment>();
            var stacked = 0.0;
            // Stacked in legend order, whatever order the run recorded its steps in.
            foreach (var step in bake.Steps.GroupBy(s => s.Step, StringComparer.Ordinal)
                         .Select(g => new StepTiming(g.Key, g.Sum(s => s.Seconds))).OrderBy(s => color[s.Step]))
            {
                var height = step.Seconds / scale * PlotHeight;
                segments.Add(new ChartSegment(step.Step, color[step.Step], x, Round(Baseline - stacked - height), width, Round(height),
                    $"{bake.Run} · {step.Step}: {Seconds(step.Seconds)}"));
                stacked += height;
            }
            bars.Add(new ChartBar(bake.Run, bake.Outcome, x, width, segments, string.Create(CultureInfo.InvariantCulture,
                $"{bake.Run} ({bake.Outcome}, {bake.Started.UtcDateTime:yyyy-MM-dd HH:mm}Z): {Seconds(bake.Steps.Sum(s => s.Seconds))}")));
        }
        var ticks = new[] { 0, 0.5, 1 }.Select(f => new ChartTick(Round(Baseline - f * PlotHeight), Seconds(f * scale, brief: true))).ToList();
        return new StepChartShape(bars, legend, ticks, scale);
    }

    /// <summary>The steps in the order the newest bake ran them, then steps only older bakes had, by their first bake.</summary>
    private static List<string> Legend(IEnumerable<BakeTiming> newestFirst)
    {
        var legend = new List<string>();
        foreach (var step in newestFirst.SelectMany(b => b.Steps))
            if (!legend.Contains(step.Step, StringComparer.Ordinal)) legend.Add(step.Step);
        return legend;
    }

    /// <summary>The axis' top: the smallest 1, 2 or 5 × 10ⁿ seconds at or above the longest bake (1 s at least).</summary>
    public static double NiceCeiling(double seconds)
    {
        if (seconds <= 1) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(seconds)));
        foreach (var step in new[] { 1, 2, 5, 10 })
            if (step * magnitude >= seconds - 1e-9) return step * magnitude;
        return 10 * magnitude;
    }

    private static double Round(double v) => Math.Round(v, 1);

    private static string Seconds(double s, bool brief = false) => brief
        ? string.Create(CultureInfo.InvariantCulture, $"{s:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{s:0.0} s");
}
