using Kiln.Core.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kiln.Cli.Commands.Runs;

/// <summary>How the history reads on a terminal: local times to the second, short durations.</summary>
internal static class RunsFormat
{
    /// <summary>Writes to stdout. Piped, Spectre assumes 80 columns and wraps run ids mid-word; a table sized to its
    /// content reads (and greps) better there.</summary>
    public static void Write(IRenderable renderable)
    {
        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width <= 80) AnsiConsole.Profile.Width = 400;
        AnsiConsole.Write(renderable);
    }

    public static string Time(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");

    public static string Duration(DateTimeOffset started, DateTimeOffset? finished) =>
        finished is { } f ? Duration(f - started) : "running";

    public static string Duration(TimeSpan? d) => d switch
    {
        null => "-",
        { TotalSeconds: < 10 } x => $"{x.TotalSeconds:0.0}s",
        { TotalMinutes: < 1 } x => $"{x.Seconds}s",
        { TotalHours: < 1 } x => $"{x.Minutes}m{x.Seconds:00}s",
        var x => $"{(int)x.Value.TotalHours}h{x.Value.Minutes:00}m",
    };

    public static IRenderable Outcome(RunOutcome outcome) => new Text(RunOutcomes.Name(outcome), outcome switch
    {
        RunOutcome.Succeeded or RunOutcome.UpToDate => new Style(Color.Green),
        RunOutcome.Failed or RunOutcome.Interrupted or RunOutcome.TimedOut => new Style(Color.Red),
        RunOutcome.Cancelled => new Style(Color.Yellow),
        _ => Style.Plain,
    });
}
