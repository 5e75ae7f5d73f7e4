namespace Kiln.Core.Runs;

/// <summary>UpToDate: a bake that found the family's newest image baked from the same inputs and made nothing.
/// TimedOut: stopped by its job's `timeout:`, the way Cancel stops a run (cleanups ran).</summary>
public enum RunOutcome { Running, Succeeded, Failed, Cancelled, Interrupted, UpToDate, TimedOut }

public static class RunOutcomes
{
    /// <summary>As shown and accepted everywhere: lower case, words joined by '-' (`up-to-date`).</summary>
    public static string Name(RunOutcome outcome) => outcome switch
    {
        RunOutcome.UpToDate => "up-to-date",
        RunOutcome.TimedOut => "timed-out",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, out RunOutcome outcome)
    {
        outcome = default;
        return text is not null && !int.TryParse(text, out _)
            && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out outcome) && Enum.IsDefined(outcome);
    }

    public static IEnumerable<string> Names => Enum.GetValues<RunOutcome>().Select(Name);
}

/// <summary>What a run can make. Stored by name: new kinds go at the end. Disk and Firewall are Compute Engine's.</summary>
public enum ResourceKind
{
    KeyPair, SecurityGroup, Instance, Image, Snapshot, LaunchTemplateVersion, AutoScalingGroup, Disk, Firewall,
    InstanceTemplate, InstanceGroupManager, HealthCheck, BackendService, ForwardingRule,
    /// <summary>A group moved to a new version (`GROUP@TEMPLATE`: the template it ran before): removing it puts the
    /// group back on that template.</summary>
    GroupVersion,
}

/// <summary>Live: exists and must be cleaned up if the run dies. Cleaned: removed. Kept: the run's product.</summary>
public enum CleanupState { Live, Cleaned, Kept }

public sealed record RunResource(ResourceKind Kind, string Id, CleanupState State, DateTimeOffset Created);

/// <summary>What a run was asked to do, written before the first cloud call. <paramref name="Options"/>: the job
/// options it was started with (never the secure ones), searchable with <see cref="RunQuery.Options"/>.</summary>
public sealed record RunStart(
    RunId Id, string Kind, string? Family, string Arguments, string User, string Cloud,
    DateTimeOffset Started, string Host, int Pid, string? Job = null, IReadOnlyDictionary<string, string>? Options = null);

public sealed record StepRecord(string Name, DateTimeOffset Started, TimeSpan? Duration, string Outcome, string? Error = null);

public sealed record RunSummary(
    RunId Id, string Kind, string? Family, RunOutcome Outcome, DateTimeOffset Started, DateTimeOffset? Finished,
    string? Image, string? Error, string Cloud, string User, string Host, int Pid, string? Job, string Arguments);

public sealed record RunDetails(
    RunSummary Run, IReadOnlyList<StepRecord> Steps, IReadOnlyList<RunResource> Resources, string? ResultJson);

public sealed record LogLine(long Seq, DateTimeOffset Time, string Stream, string Text);

/// <param name="Options">Runs started with each of these option values.</param>
public sealed record RunQuery(
    string? Family = null, RunOutcome? Outcome = null, string? Kind = null, string? Job = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, int Limit = 50, IReadOnlyDictionary<string, string>? Options = null);
