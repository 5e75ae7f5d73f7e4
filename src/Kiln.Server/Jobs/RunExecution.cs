using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.History;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Jobs;

/// <summary>One run on this worker: writes its start record, takes the family lock (waiting or refusing as the job
/// says), runs the job's executor, writes the outcome, and starts the chained job (`then:`) with the new image.
/// The outcome record is an audit write: if it fails, the run is not reported successful.</summary>
public sealed class RunExecution(
    IJobCatalog catalog, IEnumerable<IJobExecutor> executors, IRunStore store, IFamilyLock locks, CancelRequests cancels,
    RunQueue queue, WorkerIdentity worker, TimeProvider clock, ILogger<RunExecution> diagnostics)
{
    public TimeSpan CancelPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task ExecuteAsync(RunRequest request, CancellationToken stopping)
    {
        var job = catalog.Find(request.Job);
        var run = request.Run;
        await store.CreateRunAsync(StartRecord(request, job, worker, clock.GetUtcNow()), CancellationToken.None);
        await using var log = new RunLogWriter(store, run, null, clock);
        log.Write("kiln", $"run {run} of job '{request.Job}' ({request.Trigger}, by {request.User}) on worker {worker.Id}"
            + (request.InputImage is { } input ? $", image {input} from run {request.Parent}" : ""));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cancels.Register(run, cts);
        var (outcome, error, result) = (RunOutcome.Failed, (string?)null, (JobOutcome?)null);
        try
        {
            if (job is null) throw new KilnInputException([$"job '{request.Job}' is no longer in kiln.yml"]);
            using var watch = WatchForCancelAsync(run, cts);
            await using var family = await FamilyLockWait.AcquireAsync(locks, job, run, log, cts.Token);
            var executor = executors.FirstOrDefault(e => e.Kind == job.Kind)
                ?? new NotAvailableExecutor(job.Kind, "its engine is not part of this server");
            result = await executor.RunAsync(new JobRun(job, run, log, store, request.User, request.InputImage), cts.Token);
            outcome = result.UpToDate ? RunOutcome.UpToDate : RunOutcome.Succeeded;
            if (!result.UpToDate) await StartNextAsync(job, request, result, log);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var by = await cancels.RequestedByAsync(run, CancellationToken.None);
            (outcome, error) = by is not null ? (RunOutcome.Cancelled, $"cancelled by {by}") : (RunOutcome.Interrupted, "the server stopped");
        }
        catch (Exception e)
        {
            error = e is KilnInputException k ? string.Join("; ", k.Problems) : e.Message;
            log.Write("error", error);
        }
        finally
        {
            cancels.Unregister(run);
            await cts.CancelAsync();
        }
        log.Write("kiln", $"run {run}: {RunOutcomes.Name(outcome)}" + (error is null ? "" : $": {error}"));
        await log.DisposeAsync();
        await store.FinishRunAsync(run, outcome, error, result?.RecordedImage, result?.ResultJson, CancellationToken.None);
        await cancels.ClearAsync(run, CancellationToken.None);
    }

    public static RunStart StartRecord(RunRequest request, JobDefinition? job, WorkerIdentity worker, DateTimeOffset now) =>
        new(request.Run, job?.Kind.ToString().ToLowerInvariant() ?? "job", job?.Family, Arguments(request, job),
            request.User, worker.Cloud, now, worker.Host, worker.Pid, request.Job);

    private static string Arguments(RunRequest request, JobDefinition? job) => JsonSerializer.Serialize(new
    {
        trigger = request.Trigger, input = request.InputImage?.Value, parent = request.Parent?.Value,
        group = job?.Group, args = job?.Arguments,
    }, JsonSerializerOptions.Web);

    private async Task StartNextAsync(JobDefinition job, RunRequest request, JobOutcome result, IRunLog log)
    {
        foreach (var then in job.Then ?? [])
            try
            {
                var next = await queue.StartAsync(then, request.User, $"then:{job.Name}", result.Image, request.Run, CancellationToken.None);
                log.Write("kiln", $"then: started job '{then}' as run {next.Run}" + (next.Queued ? " (queued)" : ""));
            }
            catch (Exception e) when (e is KilnInputException or RunRefusedException)
            {
                log.Write("error", $"then: job '{then}' not started: {e.Message}");
            }
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
