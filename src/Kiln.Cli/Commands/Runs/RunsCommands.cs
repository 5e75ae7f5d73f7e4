using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Runs;

/// <summary>`kiln runs`, `kiln runs show RUN`, `kiln runs log RUN [--follow]`: the history of every run.</summary>
public static class RunsCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("runs", branch =>
        {
            branch.SetDescription("the history of runs: what ran, when, where it failed, what it left behind. "
                + "`kiln runs` lists the newest: --family F, --outcome O, --limit N (default 20), --json, --db DB");
            branch.AddExample("runs", "--family", "hoge-dev-api-base", "--outcome", "failed", "--limit", "10");
            branch.SetDefaultCommand<RunsListCommand>();
            branch.AddCommand<RunsShowCommand>("show").WithDescription("one run: its steps, resources and error")
                .WithExample("runs", "show", "kiln-20261126-143800-ab12");
            branch.AddCommand<RunsLogCommand>("log").WithDescription("a run's log; --follow waits for new lines until it ends")
                .WithExample("runs", "log", "kiln-20261126-143800-ab12", "--follow");
        });
    }
}
