using System.Text.Json;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;

namespace Kiln.Server.Api;

public sealed record JobView(string Name, string Kind, string? Family, string? Group, IReadOnlyList<string> Then, string? Schedule,
    string? TimeZone, string Concurrency, string? Description, DateTimeOffset? NextFire);

public sealed record StartedView(string Run, bool Queued, string Url);

public sealed record RunSummaryView(string Id, string? Job, string Kind, string? Family, string Outcome, DateTimeOffset? Started,
    DateTimeOffset? Finished, double? DurationSeconds, string? Image, string? Error, string User, string? Worker);

public sealed record StepView(string Name, DateTimeOffset Started, double? DurationSeconds, string Outcome, string? Error);
public sealed record ResourceView(string Kind, string Id, string State, DateTimeOffset Created);
public sealed record LineageView(string? SourceImage, string? SourceRun);

public sealed record RunView(RunSummaryView Run, IReadOnlyList<StepView> Steps, IReadOnlyList<ResourceView> Resources,
    LineageView Lineage, JsonElement? Result, string Arguments);

public sealed record RunListView(IReadOnlyList<RunSummaryView> Runs, IReadOnlyList<RunSummaryView> Queued);

public sealed record LogLineView(long Seq, DateTimeOffset Time, string Stream, string Text);
public sealed record LogPageView(IReadOnlyList<LogLineView> Lines, long Next, bool Finished);

public sealed record CancelView(string Run, string State);

public sealed record NewUser(string? Name, string? Role, string? Password);
public sealed record UserChange(string? Role, string? Password);
public sealed record UserView(string Name, string Role, DateTimeOffset Created);
public sealed record NewToken(string? User, string? Label);
public sealed record TokenView(string Id, string User, string Label, DateTimeOffset Created, DateTimeOffset? LastUsed);
public sealed record CreatedTokenView(string Id, string User, string Label, string Token);
public sealed record HealthView(string Status, string Worker, string Database, string Version);

public static class ApiMapping
{
    public static string Name(RunOutcome outcome) => RunOutcomes.Name(outcome);

    public static RunSummaryView ToView(this RunSummary r) => new(r.Id.Value, r.Job, r.Kind, r.Family, Name(r.Outcome), r.Started,
        r.Finished, r.Finished is { } f ? Math.Round((f - r.Started).TotalSeconds, 1) : null, r.Image, r.Error, r.User, $"{r.Host}:{r.Pid}");

    public static RunSummaryView ToView(this QueuedRun q, IJobCatalog catalog)
    {
        var job = catalog.Find(q.Request.Job);
        return new(q.Request.Run.Value, q.Request.Job, job?.Kind.ToString().ToLowerInvariant() ?? "job", job?.Family, "queued",
            null, null, null, null, null, q.Request.User, null);
    }

    public static StepView ToView(this StepRecord s) =>
        new(s.Name, s.Started, s.Duration is { } d ? Math.Round(d.TotalSeconds, 1) : null, s.Outcome, s.Error);

    public static ResourceView ToView(this RunResource r) =>
        new(r.Kind.ToString(), r.Id, r.State.ToString().ToLowerInvariant(), r.Created);

    public static JsonElement? ParseResult(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try { return JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }
}
