using Kiln.Core;
using Quartz;

namespace Kiln.Server.Jobs;

/// <summary>A start of a job, as it waits in Quartz's store (string values only, so the clustered store needs no
/// serializer): who started it, how (api, ui, schedule, then, cli), and the image handed on by a chained job.</summary>
public sealed record RunRequest(RunId Run, string Job, string User, string Trigger, DateTimeOffset Requested,
    ImageId? InputImage = null, RunId? Parent = null)
{
    public JobDataMap ToData() => new()
    {
        ["run"] = Run.Value, ["job"] = Job, ["user"] = User, ["trigger"] = Trigger,
        ["requested"] = Requested.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["input"] = InputImage?.Value ?? "", ["parent"] = Parent?.Value ?? "",
    };

    public static RunRequest FromData(JobDataMap data) => new(
        new RunId(data.GetString("run")!), data.GetString("job")!, data.GetString("user") ?? "?", data.GetString("trigger") ?? "?",
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(data.GetString("requested") ?? "0", System.Globalization.CultureInfo.InvariantCulture)),
        string.IsNullOrEmpty(data.GetString("input")) ? null : new ImageId(data.GetString("input")!),
        string.IsNullOrEmpty(data.GetString("parent")) ? null : new RunId(data.GetString("parent")!));
}

/// <summary>A start turned away: the job's concurrency is `refuse` and its family is busy.</summary>
public sealed class RunRefusedException(string message) : Exception(message);

/// <summary>A run waiting for its family, as the runs page lists it.</summary>
public sealed record QueuedRun(RunRequest Request, string LockKey);
