using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Server.Notifications;

/// <summary>What every destination is told about a run (a webhook gets it as JSON, as is): the job, the run and its
/// outcome, the options without the secure ones, family, image, duration, the failed step, the last 20 log lines
/// (masked as the log is) and a link to the run's page. Built once when the notification is queued.</summary>
public sealed record NotificationPayload(
    string Event, string Job, string RunId, string Outcome, int Attempt, int MaxAttempts,
    IReadOnlyDictionary<string, string> Options, string? Family, string? Image, double? DurationSeconds,
    string? FailedStep, string? Error, IReadOnlyList<string> LastLog, string Url)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static NotificationPayload FromJson(string json) => JsonSerializer.Deserialize<NotificationPayload>(json, Json)!;

    /// <summary>One line for a chat message or a mail subject.</summary>
    public string Headline => Event switch
    {
        "start" => $"kiln: job {Job} started (run {RunId})",
        "retry" => $"kiln: job {Job} failed on attempt {Attempt} of {MaxAttempts}; trying again (run {RunId})",
        "duration" => $"kiln: job {Job} has run longer than expected (run {RunId})",
        _ => $"kiln: job {Job} {Outcome} (run {RunId})",
    };

    /// <summary>The plain-text body of a mail and the detail of a chat message.</summary>
    public string Text()
    {
        var lines = new List<string> { Headline, "" , $"run: {Url}", $"outcome: {Outcome}" };
        if (MaxAttempts > 1) lines.Add($"attempt: {Attempt} of {MaxAttempts}");
        if (Family is not null) lines.Add($"family: {Family}");
        if (Image is not null) lines.Add($"image: {Image}");
        if (DurationSeconds is { } d) lines.Add($"duration: {d:0.0} s");
        if (FailedStep is not null) lines.Add($"failed step: {FailedStep}");
        if (Error is not null) lines.Add($"error: {Error}");
        foreach (var (k, v) in Options) lines.Add($"option {k}: {v}");
        if (LastLog.Count > 0) { lines.Add(""); lines.Add("last log lines:"); lines.AddRange(LastLog); }
        return string.Join("\n", lines);
    }
}
