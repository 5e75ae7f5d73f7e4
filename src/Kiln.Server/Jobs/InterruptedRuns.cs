using Kiln.Core.Runs;
using Kiln.Core.Jobs;
using Kiln.History;
using Kiln.Server.Notifications;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Jobs;

/// <summary>Finishes a run whose worker died: sweeps the resources it left (through the garbage collector), marks it
/// interrupted. Its family lock needs no release: the history's lock dies with the worker's database session
/// (PostgreSQL) or is stale once the run has an outcome (SQLite). Its `on_failure` notifications are queued here
/// (the outbox takes each once, should the dead worker have queued them already). Idempotent: a finished run is
/// left alone.</summary>
public sealed class InterruptedRuns(
    IJobCatalog catalog, IRunStore store, IResourceSweeper sweeper, WorkerIdentity worker, RunNotifier notifier,
    TimeProvider clock, ILogger<InterruptedRuns> diagnostics)
{
    public async Task RecoverAsync(RunRequest request, string reason, CancellationToken ct)
    {
        var run = request.Run;
        var details = await store.GetRunAsync(run, ct);
        if (details is null)
            await store.CreateRunAsync(RunExecution.StartRecord(request, catalog.Find(request.Job), worker, clock.GetUtcNow()), ct);
        else if (details.Run.Outcome != RunOutcome.Running) return;
        await using (var log = new RunLogWriter(store, run, null, clock))
        {
            log.Write("kiln", $"run {run}: {reason}; worker {worker.Id} sweeps what it left behind");
            try { await sweeper.SweepAsync(run, log, ct); }
            catch (Exception e) { log.Write("error", $"sweep failed: {e.Message}; run `kiln gc` to finish it"); }
        }
        if (catalog.Find(request.Job)?.WithOptions(request.OptionValues) is { } job)
        {
            var masker = new SecretMasker();
            foreach (var secret in job.SecureValues(request.OptionValues)) masker.Add(secret);
            await notifier.NotifyAsync(job, request, NotifyEvent.Failure, RunOutcome.Interrupted, reason, null, masker);
        }
        await store.FinishRunAsync(run, RunOutcome.Interrupted, reason, null, null, ct);
        diagnostics.LogWarning("run {Run} interrupted: {Reason}", run, reason);
    }
}
