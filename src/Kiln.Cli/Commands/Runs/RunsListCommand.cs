using System.ComponentModel;
using Kiln.Core.Runs;
using Kiln.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Runs;

public sealed class RunsListSettings : HistorySettings
{
    [CommandOption("--family <FAMILY>")]
    [Description("only runs of this image family")]
    public string? Family { get; init; }

    [CommandOption("--outcome <OUTCOME>")]
    [Description("only runs with this outcome: running, succeeded, failed, cancelled, interrupted")]
    public string? Outcome { get; init; }

    [CommandOption("--limit <N>")]
    [Description("at most N runs, newest first (default 20)")]
    [DefaultValue(20)]
    public int Limit { get; init; } = 20;

    [CommandOption("--json")]
    [Description("print JSON instead of a table")]
    public bool Json { get; init; }

    public RunOutcome? ParsedOutcome => Outcome is not null && RunOutcomes.TryParse(Outcome, out var o) ? o : null;

    public override ValidationResult Validate()
    {
        var problems = new List<string>();
        if (Outcome is not null && !RunOutcomes.TryParse(Outcome, out _))
            problems.Add($"--outcome '{Outcome}' is not an outcome; use one of: {string.Join(", ", RunOutcomes.Names)}");
        if (Limit is < 1 or > SqlRunStore.MaxLimit)
            problems.Add($"--limit {Limit} is out of range; use 1 to {SqlRunStore.MaxLimit}");
        return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join("; ", problems));
    }
}

/// <summary>`kiln runs`: the newest runs, as a table or JSON.</summary>
public sealed class RunsListCommand : AsyncCommand<RunsListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunsListSettings settings, CancellationToken ct)
    {
        await using var history = await settings.OpenHistoryAsync(ct);
        var runs = await history.ListRunsAsync(new RunQuery(Family: settings.Family, Outcome: settings.ParsedOutcome, Limit: settings.Limit), ct);
        if (settings.Json)
        {
            Console.WriteLine(RunsJson.Serialize(runs.Select(RunsJson.Summary)));
            return ExitCodes.Ok;
        }
        if (runs.Count == 0)
        {
            Console.WriteLine($"no runs in {history.Location}");
            return ExitCodes.Ok;
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("RUN", "KIND", "FAMILY", "OUTCOME", "STARTED", "DURATION", "IMAGE");
        foreach (var run in runs)
            table.AddRow(new Text(run.Id.Value), new Text(run.Kind), new Text(run.Family ?? "-"), RunsFormat.Outcome(run.Outcome),
                new Text(RunsFormat.Time(run.Started)), new Text(RunsFormat.Duration(run.Started, run.Finished)), new Text(run.Image ?? "-"));
        RunsFormat.Write(table);
        return ExitCodes.Ok;
    }
}
