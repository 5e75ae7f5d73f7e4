using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Core.Runs;
using Kiln.Server.Notifications;

namespace Kiln.Server.Jobs;

/// <summary>What follows a run: after a success the `then:` jobs (handed the image and the options they declare);
/// after a failure or a time-out (not bad input) another attempt while `retry:` allows, else the `on_failure:` jobs
/// (handed the failed run's id and options); and the notifications of the outcome. With retries, `on_failure`
/// notifications and handlers wait for the last attempt, as Rundeck's users asked of it.</summary>
public sealed class RunFollowUps(IJobCatalog catalog, RunQueue queue, RunNotifier notifier, TimeProvider clock)
{
    /// <summary>Starts what follows; true when another attempt was queued.</summary>
    public async Task<bool> AfterAsync(JobDefinition job, RunRequest request, RunOutcome outcome, bool badInput, JobOutcome? result, IRunLog log)
    {
        if (outcome == RunOutcome.Succeeded)
        {
            foreach (var then in job.Then ?? []) await StartAsync(log, "then", then, new StartRequest(then, request.User, $"then:{job.Name}",
                result?.Image, request.Run, Pass(then, request.OptionValues)));
            return false;
        }
        if (outcome is not (RunOutcome.Failed or RunOutcome.TimedOut)) return false;
        if (!badInput && job.More.Retry is { } retry && request.Attempt <= retry.Count)
        {
            var at = clock.GetUtcNow() + retry.Delay;
            var next = await StartAsync(log, "retry", job.Name, new StartRequest(job.Name, request.User, "retry", request.InputImage, request.Parent,
                request.OptionValues, request.Attempt + 1, request.Run, at));
            if (next is not null)
            {
                log.Write("kiln", $"retry: attempt {request.Attempt + 1} of {retry.Count + 1} is run {next} at {at.UtcDateTime:HH:mm:ss}Z (cancel it to stop)");
                return true;
            }
        }
        foreach (var handler in job.More.OnFailure ?? [])
        {
            var given = Pass(handler, request.OptionValues);
            if (Declares(handler, "failed_run")) given["failed_run"] = request.Run.Value;
            if (Declares(handler, "failed_job")) given["failed_job"] = job.Name;
            await StartAsync(log, "on_failure", handler, new StartRequest(handler, request.User, $"on_failure:{job.Name}", null, request.Run, given));
        }
        return false;
    }

    public Task NotifyAsync(JobDefinition job, RunRequest request, RunOutcome outcome, bool retried, string? error, string? image, SecretMasker masker) =>
        outcome switch
        {
            RunOutcome.Succeeded or RunOutcome.UpToDate => notifier.NotifyAsync(job, request, NotifyEvent.Success, outcome, null, image, masker),
            RunOutcome.Cancelled => Task.CompletedTask,
            _ when retried => notifier.NotifyAsync(job, request, NotifyEvent.Retry, outcome, error, image, masker),
            _ => notifier.NotifyAsync(job, request, NotifyEvent.Failure, outcome, error, image, masker),
        };

    /// <summary>The options the next job declares, from this run's values.</summary>
    private Dictionary<string, string> Pass(string next, IReadOnlyDictionary<string, string> values) =>
        values.Where(v => Declares(next, v.Key)).ToDictionary(v => v.Key, v => v.Value);

    private bool Declares(string job, string option) => catalog.Find(job)?.Options.Any(o => o.Name == option) == true;

    private async Task<RunId?> StartAsync(IRunLog log, string why, string name, StartRequest start)
    {
        try
        {
            var next = await queue.StartAsync(start, CancellationToken.None);
            if (why != "retry") log.Write("kiln", $"{why}: started job '{name}' as run {next.Run}" + (next.Queued ? " (queued)" : ""));
            return next.Run;
        }
        catch (Exception e) when (e is KilnInputException or RunRefusedException or OptionsRejectedException)
        {
            log.Write("error", $"{why}: job '{name}' not started: {e.Message}");
            return null;
        }
    }
}
