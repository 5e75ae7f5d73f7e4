using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Jobs;
using Kiln.Core.Runs;
using Kiln.History;
using Kiln.Server.Notifications;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Jobs;

/// <summary>One run on this worker: writes its start record, takes the family lock (waiting or refusing as the job
/// says), runs the job's executor with the run's option values substituted, stops it at the job's `timeout:` the
/// way Cancel does, writes the outcome, queues its notifications and starts what follows (<see cref="RunFollowUps"/>).
/// The outcome record is an audit write: if it fails, the run is not reported successful.</summary>
public sealed class RunExecution(
    IJobCatalog catalog, IEnumerable<IJobExecutor> executors, IRunStore store, IFamilyLock locks, CancelRequests cancels,
    RunFollowUps followUps, RunNotifier notifier, WorkerIdentity worker, TimeProvider clock, ILogger<RunExecution> diagnostics)
{
    public TimeSpan CancelPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task ExecuteAsync(RunRequest request, CancellationToken stopping)
    {
        var declared = catalog.Find(request.Job);
        var job = declared?.WithOptions(request.OptionValues);
        var run = request.Run;
        var masker = new SecretMasker();
        await store.CreateRunAsync(StartRecord(request, job, worker, clock.GetUtcNow()), CancellationToken.None);
        await using var log = new RunLogWriter(store, run, null, clock);
        foreach (var secret in job?.SecureValues(request.OptionValues) ?? []) { log.AddSecret(secret); masker.Add(secret); }
        log.Write("kiln", $"run {run} of job '{request.Job}' ({request.Trigger}, by {request.User}) on worker {worker.Id}"
            + (request.Attempt > 1 ? $", attempt {request.Attempt} after run {request.Previous}" : "")
            + (request.InputImage is { } input ? $", image {input} from run {request.Parent}" : ""));
        if (job is not null && job.Shown(request.OptionValues) is { Count: > 0 } shown)
            log.Write("kiln", "options: " + string.Join(", ", shown.Select(o => $"{o.Key}={o.Value}")));
        if (job is not null) await notifier.NotifyAsync(job, request, NotifyEvent.Start, RunOutcome.Running, null, null, masker);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var deadline = job?.More.Timeout is { } limit ? new CancellationTokenSource(limit, clock) : new CancellationTokenSource();
        using var timedOut = deadline.Token.Register(() => { try { cts.Cancel(); } catch (ObjectDisposedException) { } });
        cancels.Register(run, cts);
        var (outcome, error, result, badInput) = (RunOutcome.Failed, (string?)null, (JobOutcome?)null, false);
        try
        {
            if (job is null) throw new KilnInputException([$"job '{request.Job}' is no longer in kiln.yml"]);
            using var watch = WatchForCancelAsync(run, cts);
            using var slow = WatchDuration(job, request, masker, cts.Token);
            await using var family = await FamilyLockWait.AcquireAsync(locks, job, run, log, cts.Token);
            var executor = executors.FirstOrDefault(e => e.Kind == job.Kind)
                ?? new NotAvailableExecutor(job.Kind, "its engine is not part of this server");
            result = await executor.RunAsync(new JobRun(job, run, log, store, request.User, request.InputImage), cts.Token);
            outcome = result.UpToDate ? RunOutcome.UpToDate : RunOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var by = await cancels.RequestedByAsync(run, CancellationToken.None);
            (outcome, error) = by is not null ? (RunOutcome.Cancelled, $"cancelled by {by}")
                : deadline.IsCancellationRequested ? (RunOutcome.TimedOut, $"timed out after {Durations.Show(job!.More.Timeout!.Value)} (timeout: of job '{job.Name}'); its cleanups ran")
                : (RunOutcome.Interrupted, "the server stopped");
        }
        catch (Exception e)
        {
            badInput = e is KilnInputException or JobNotAvailableException or RunRefusedException;
            error = masker.Mask(e is KilnInputException k ? string.Join("; ", k.Problems) : e.Message);
            if (e is JobFailedException { ResultJson: { } json }) result = new JobOutcome(ResultJson: masker.Mask(json));
            log.Write("error", error);
        }
        finally
        {
            cancels.Unregister(run);
            await cts.CancelAsync();
        }
        log.Write("kiln", $"run {run}: {RunOutcomes.Name(outcome)}" + (error is null ? "" : $": {error}"));
        var retried = job is not null && await followUps.AfterAsync(job, request, outcome, badInput, result, log);
        await log.DisposeAsync();
        if (job is not null) await followUps.NotifyAsync(job, request, outcome, retried, error, result?.RecordedImage, masker);
        await store.FinishRunAsync(run, outcome, error, result?.RecordedImage, result?.ResultJson, CancellationToken.None);
        await cancels.ClearAsync(run, CancellationToken.None);
    }

    public static RunStart StartRecord(RunRequest request, JobDefinition? job, WorkerIdentity worker, DateTimeOffset now) =>
        new(request.Run, job?.Kind.ToString().ToLowerInvariant() ?? "job", job?.Family, Arguments(request, job),
            request.User, worker.Cloud, now, worker.Host, worker.Pid, request.Job, job?.Shown(request.OptionValues));

    /// <summary>The run's arguments as recorded: the secure options by name only, never their values.</summary>
    private static string Arguments(RunRequest request, JobDefinition? job)
    {
        var masker = new SecretMasker();
        foreach (var secret in job?.SecureValues(request.OptionValues) ?? []) masker.Add(secret);
        return masker.Mask(JsonSerializer.Serialize(new
    {
        trigger = request.Trigger, input = request.InputImage?.Value, parent = request.Parent?.Value,
        group = job?.Group, args = job?.Arguments,
        options = job?.Shown(request.OptionValues), secure = job?.Options.Where(o => o.Secure).Select(o => o.Name).ToList(),
        attempt = request.Attempt, attempts = (job?.More.Retry?.Count ?? 0) + 1, previous = request.Previous?.Value,
    }, JsonSerializerOptions.Web));
    }

    /// <summary>`on_duration_over`: queued once if the run is still going when the time has passed.</summary>
    private IDisposable WatchDuration(JobDefinition job, RunRequest request, SecretMasker masker, CancellationToken running)
    {
        if (job.More.Notify?.DurationOver is not { } over || job.More.Notify.For(NotifyEvent.Duration).Count == 0) return new CancellationTokenSource();
        var timer = clock.CreateTimer(_ =>
        {
            if (!running.IsCancellationRequested)
                _ = notifier.NotifyAsync(job, request, NotifyEvent.Duration, RunOutcome.Running, null, null, masker);
        }, null, over, Timeout.InfiniteTimeSpan);
        return timer;
    }

    /// <summary>Polls the shared cancel requests: the cancel may have been asked on another worker.</summary>
    private IDisposable WatchForCancelAsync(RunId run, CancellationTokenSource cts)
    {
        var timer = new PeriodicTimer(CancelPollInterval, clock);
        _ = Task.Run(async () =>
        {
            try
            {
                do
                {
                    if (await cancels.RequestedByAsync(run, cts.Token) is not null) { await cts.CancelAsync(); return; }
                } while (await timer.WaitForNextTickAsync(cts.Token));
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
            catch (Exception e) { diagnostics.LogWarning(e, "run {Run}: cancel watch failed", run); }
        });
        return timer;
    }
}
