using System.ComponentModel;
using Kiln.Core;
using Kiln.History;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Runs;

/// <summary>Where the history is: `--db`, else env KILN_DB, else the SQLite file in the data directory (KILN_HOME).</summary>
public class HistorySettings : CommandSettings
{
    public const string Variable = "KILN_DB";

    [CommandOption("--db <DB>")]
    [Description("history database: sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or Host=…; default env KILN_DB, else KILN_HOME/history.db")]
    public string? Db { get; init; }

    public Task<IRunHistory> OpenHistoryAsync(CancellationToken ct) =>
        RunStoreFactory.OpenAsync(Db ?? Environment.GetEnvironmentVariable(Variable), KilnPaths.FromEnvironment(), ct);
}

/// <summary>Settings of the commands about one run.</summary>
public class RunSettings : HistorySettings
{
    [CommandArgument(0, "<RUN>")]
    [Description("the run id, as `kiln runs` lists it")]
    public string Run { get; init; } = "";

    /// <summary>Unknown run: bad input (exit 2), naming where we looked.</summary>
    public static KilnInputException NotFound(string run, IRunHistory history) =>
        new($"no run '{run}' in the history {history.Location}; `kiln runs` lists the runs there");
}
