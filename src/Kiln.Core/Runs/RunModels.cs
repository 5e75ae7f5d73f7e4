namespace Kiln.Core.Runs;

/// <summary>UpToDate: a bake that found the family's newest image baked from the same inputs and made nothing.</summary>
public enum RunOutcome { Running, Succeeded, Failed, Cancelled, Interrupted, UpToDate }

public static class RunOutcomes
{
    /// <summary>As shown and accepted everywhere: lower case, words joined by '-' (`up-to-date`).</summary>
    public static string Name(RunOutcome outcome) => outcome == RunOutcome.UpToDate ? "up-to-date" : outcome.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out RunOutcome outcome)
    {
        outcome = default;
        return text is not null && !int.TryParse(text, out _)
            && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out outcome) && Enum.IsDefined(outcome);
    }

    public static IEnumerable<string> Names => Enum.GetValues<RunOutcome>().Select(Name);
}

/// <summary>What a run can make. Stored by name: new kinds go at the end. Disk and Firewall are Compute Engine's.</summary>
public enum ResourceKind { KeyPair, SecurityGroup, Instance, Image, Snapshot, LaunchTemplateVersion, AutoScalingGroup, Disk, Firewall }

/// <summary>Live: exists and must be cleaned up if the run dies. Cleaned: removed. Kept: the run's product.</summary>
public enum CleanupState { Live, Cleaned, Kept }

public sealed record RunResource(ResourceKind Kind, string Id, CleanupState State, DateTimeOffset Created);

/// <summary>What a run was asked to do, written before the first cloud call.</summary>
public sealed record RunStart(
    RunId Id, string Kind, string? Family, string Arguments, string User, string Cloud,
    DateTimeOffset Started, string Host, int Pid, string? Job = null);

public sealed record StepRecord(string Name, DateTimeOffset Started, TimeSpan? Duration, string Outcome, string? Error = null);

public sealed record RunSummary(
    RunId Id, string Kind, string? Family, RunOutcome Outcome, DateTimeOffset Started, DateTimeOffset? Finished,
    string? Image, string? Error, string Cloud, string User, string Host, int Pid, string? Job, string Arguments);

public sealed record RunDetails(
    RunSummary Run, IReadOnlyList<StepRecord> Steps, IReadOnlyList<RunResource> Resources, string? ResultJson);

public sealed record LogLine(long Seq, DateTimeOffset Time, string Stream, string Text);

public sealed record RunQuery(
    string? Family = null, RunOutcome? Outcome = null, string? Kind = null, string? Job = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, int Limit = 50);
