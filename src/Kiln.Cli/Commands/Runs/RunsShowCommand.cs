using System.ComponentModel;
using Kiln.Core;
using Kiln.Core.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Runs;

public sealed class RunsShowSettings : RunSettings
{
    [CommandOption("--json")]
    [Description("print JSON instead of text")]
    public bool Json { get; init; }
}

/// <summary>`kiln runs show RUN`: what one run did, step by step, what it created and whether that was cleaned up.</summary>
public sealed class RunsShowCommand : AsyncCommand<RunsShowSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunsShowSettings settings, CancellationToken ct)
    {
        await using var history = await settings.OpenHistoryAsync(ct);
        var details = await history.GetRunAsync(new RunId(settings.Run), ct) ?? throw RunSettings.NotFound(settings.Run, history);
        if (settings.Json)
        {
            Console.WriteLine(RunsJson.Serialize(RunsJson.Of(details)));
            return ExitCodes.Ok;
        }
        var run = details.Run;
        var about = new Grid().AddColumn(new GridColumn().PadRight(2)).AddColumn();
        void Row(string label, string? value) { if (value is not null) about.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value)); }
        Row("run", run.Id.Value);
        Row("kind", run.Kind);
        Row("family", run.Family);
        Row("job", run.Job);
        about.AddRow(new Text("outcome", new Style(decoration: Decoration.Bold)), RunsFormat.Outcome(run.Outcome));
        Row("started", RunsFormat.Time(run.Started));
        Row("finished", run.Finished is { } f ? $"{RunsFormat.Time(f)} ({RunsFormat.Duration(run.Started, f)})" : null);
        Row("image", run.Image);
        Row("by", $"{run.User} on {run.Host} (pid {run.Pid}), cloud {run.Cloud}");
        Row("arguments", run.Arguments);
        Row("error", run.Error);
        RunsFormat.Write(about);

        if (details.Steps.Count > 0)
        {
            var steps = new Table().Border(TableBorder.Simple).Title("steps").AddColumns("STEP", "STARTED", "DURATION", "OUTCOME", "ERROR");
            foreach (var s in details.Steps)
                steps.AddRow(new Text(s.Name), new Text(RunsFormat.Time(s.Started)), new Text(RunsFormat.Duration(s.Duration)),
                    new Text(s.Outcome), new Text(s.Error ?? ""));
            RunsFormat.Write(steps);
        }
        if (details.Resources.Count > 0)
        {
            var resources = new Table().Border(TableBorder.Simple).Title("resources").AddColumns("KIND", "ID", "CLEANUP", "CREATED");
            foreach (var r in details.Resources)
                resources.AddRow(new Text(r.Kind.ToString()), new Text(r.Id), new Text(r.State.ToString().ToLowerInvariant(),
                    r.State == CleanupState.Live && run.Outcome != RunOutcome.Running ? new Style(Color.Red) : Style.Plain),
                    new Text(RunsFormat.Time(r.Created)));
            RunsFormat.Write(resources);
        }
        return ExitCodes.Ok;
    }
}
