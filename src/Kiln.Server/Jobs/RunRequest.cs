using System.Globalization;
using Kiln.Core;
using Quartz;

namespace Kiln.Server.Jobs;

/// <summary>A start of a job, as it waits in Quartz's store (string values only, so the clustered store needs no
/// serializer): who started it, how (api, ui, schedule, then, retry, on_failure, cli), the image handed on by a
/// chained job, its option values (checked before it was queued), and which attempt it is.</summary>
/// <param name="Parent">The run that started this one (`then:` or `on_failure:`).</param>
/// <param name="Previous">The failed attempt this one retries.</param>
public sealed record RunRequest(RunId Run, string Job, string User, string Trigger, DateTimeOffset Requested,
    ImageId? InputImage = null, RunId? Parent = null, IReadOnlyDictionary<string, string>? Options = null,
    int Attempt = 1, RunId? Previous = null)
{
    private const string OptionPrefix = "option.";

    public IReadOnlyDictionary<string, string> OptionValues => Options ?? new Dictionary<string, string>();

    public JobDataMap ToData()
    {
        var data = new JobDataMap
        {
            ["run"] = Run.Value, ["job"] = Job, ["user"] = User, ["trigger"] = Trigger,
            ["requested"] = Requested.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["input"] = InputImage?.Value ?? "", ["parent"] = Parent?.Value ?? "",
            ["attempt"] = Attempt.ToString(CultureInfo.InvariantCulture), ["previous"] = Previous?.Value ?? "",
        };
        foreach (var (name, value) in OptionValues) data[OptionPrefix + name] = value;
        return data;
    }

    public static RunRequest FromData(JobDataMap data) => new(
        new RunId(data.GetString("run")!), data.GetString("job")!, data.GetString("user") ?? "?", data.GetString("trigger") ?? "?",
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(data.GetString("requested") ?? "0", CultureInfo.InvariantCulture)),
        Id<ImageId>(data, "input", v => new ImageId(v)), Id<RunId>(data, "parent", v => new RunId(v)),
        data.Keys.Where(k => k.StartsWith(OptionPrefix, StringComparison.Ordinal))
            .ToDictionary(k => k[OptionPrefix.Length..], k => data.GetString(k) ?? ""),
        int.TryParse(data.GetString("attempt"), CultureInfo.InvariantCulture, out var attempt) ? attempt : 1,
        Id<RunId>(data, "previous", v => new RunId(v)));

    private static T? Id<T>(JobDataMap data, string key, Func<string, T> make) where T : struct =>
        string.IsNullOrEmpty(data.GetString(key)) ? null : make(data.GetString(key)!);
}

/// <summary>What a start asks for. <paramref name="At"/>: not before then (a retry's delay).</summary>
public sealed record StartRequest(string Job, string User, string Trigger, ImageId? Input = null, RunId? Parent = null,
    IReadOnlyDictionary<string, string>? Options = null, int Attempt = 1, RunId? Previous = null, DateTimeOffset? At = null);

/// <summary>A start turned away: the job's concurrency is `refuse` and its family is busy.</summary>
public sealed class RunRefusedException(string message) : Exception(message);

/// <summary>A run waiting for its family, as the runs page lists it.</summary>
public sealed record QueuedRun(RunRequest Request, string LockKey);

/// <summary>Option values that do not fit the job's declaration: 400 with every problem, nothing queued.</summary>
public sealed class OptionsRejectedException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
