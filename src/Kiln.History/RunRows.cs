using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History;

/// <summary>Rows as Dapper reads them: plain longs and strings (SQLite hands back every integer as Int64),
/// turned into Core's records here.</summary>
internal sealed class RunRow
{
    public const string Columns = """
        id AS Id, kind AS Kind, family AS Family, outcome AS Outcome, started AS Started, finished AS Finished,
        image AS Image, error AS Error, cloud AS Cloud, "user" AS UserName, host AS Host, pid AS Pid, job AS Job,
        arguments AS Arguments, result_json AS ResultJson
        """;

    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Family { get; set; }
    public string Outcome { get; set; } = "";
    public long Started { get; set; }
    public long? Finished { get; set; }
    public string? Image { get; set; }
    public string? Error { get; set; }
    public string Cloud { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Host { get; set; } = "";
    public long Pid { get; set; }
    public string? Job { get; set; }
    public string Arguments { get; set; } = "";
    public string? ResultJson { get; set; }

    public RunSummary ToSummary() => new(
        new RunId(Id), Kind, Family, Enum.Parse<RunOutcome>(Outcome), Time.From(Started), Time.From(Finished),
        Image, Error, Cloud, UserName, Host, (int)Pid, Job, Arguments);
}

internal sealed class StepRow
{
    public string Name { get; set; } = "";
    public long Started { get; set; }
    public long? DurationMs { get; set; }
    public string Outcome { get; set; } = "";
    public string? Error { get; set; }

    public StepRecord ToRecord() => new(Name, Time.From(Started),
        DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Outcome, Error);
}

internal sealed class ResourceRow
{
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public string State { get; set; } = "";
    public long Created { get; set; }

    public RunResource ToRecord() => new(Enum.Parse<ResourceKind>(Kind), Id, Enum.Parse<CleanupState>(State), Time.From(Created));
}

internal sealed class LogRow
{
    public long Seq { get; set; }
    public long Time { get; set; }
    public string Stream { get; set; } = "";
    public string Text { get; set; } = "";

    public LogLine ToRecord() => new(Seq, History.Time.From(Time), Stream, Text);
}

internal static class Time
{
    public static DateTimeOffset From(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? From(long? ms) => ms is { } v ? From(v) : null;
}
