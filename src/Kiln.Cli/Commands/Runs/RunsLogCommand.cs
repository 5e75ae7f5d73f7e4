using System.ComponentModel;
using Kiln.Core;
using Kiln.Core.Runs;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Runs;

public sealed class RunsLogSettings : RunSettings
{
    [CommandOption("-f|--follow")]
    [Description("keep printing new lines until the run ends")]
    public bool Follow { get; init; }
}

/// <summary>`kiln runs log RUN [--follow]`: the stored log, one line per line with its time and stream. Plain text
/// (no markup), so it greps and pipes like any log.</summary>
public sealed class RunsLogCommand : AsyncCommand<RunsLogSettings>
{
    private const int Page = 1000;
    /// <summary>The writer stores a batch every 200 ms; polling at 500 ms keeps a follower at most about a second behind.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public override async Task<int> ExecuteAsync(CommandContext context, RunsLogSettings settings, CancellationToken ct)
    {
        await using var history = await settings.OpenHistoryAsync(ct);
        var run = new RunId(settings.Run);
        if (await history.GetRunAsync(run, ct) is null) throw RunSettings.NotFound(settings.Run, history);
        long seq = 0;
        while (true)
        {
            var lines = await history.GetLogAsync(run, seq, Page, ct);
            foreach (var line in lines)
                Console.Out.WriteLine($"{line.Time.ToLocalTime():HH:mm:ss} {line.Stream,-7} {line.Text}");
            if (lines.Count > 0) seq = lines[^1].Seq;
            if (lines.Count == Page) continue;
            if (!settings.Follow) return ExitCodes.Ok;
            // Read the outcome before the next page: a line stored just before the run finished is then still read.
            var finished = (await history.GetRunAsync(run, ct))?.Run.Outcome is not RunOutcome.Running;
            if (finished && (await history.GetLogAsync(run, seq, 1, ct)).Count == 0) return ExitCodes.Ok;
            if (!finished) await Task.Delay(PollInterval, ct);
        }
    }
}
