using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Api;
using Kiln.Server.Families;
using Kiln.Server.Notifications;

namespace Kiln.Server.Jobs;

/// <summary>What the API and the web UI both ask about runs: history merged with the runs still waiting in the
/// queue, one run's full record with its lineage, cancel (a waiting run is withdrawn, a running one asked to stop
/// wherever it runs) and delete.</summary>
public sealed class RunService(IRunStore store, RunQueue queue, CancelRequests cancels, IJobCatalog catalog, FamilyService families,
    NotificationOutbox notifications, WorkerIdentity worker, TimeProvider clock)
{
    public enum CancelResult { NotFound, AlreadyFinished, Withdrawn, Cancelling }
    public enum DeleteResult { NotFound, StillRunning, HasLiveResources, Deleted }

    public async Task<RunListView> ListAsync(RunQuery query, CancellationToken ct)
    {
        var runs = await store.ListRunsAsync(query, ct);
        var queued = (await queue.ListQueuedAsync(ct))
            .Where(q => (query.Job is null || q.Request.Job == query.Job)
                && (query.Family is null || catalog.Find(q.Request.Job)?.WithOptions(q.Request.OptionValues).Family == query.Family)
                && (query.Options ?? new Dictionary<string, string>()).All(o => catalog.Find(q.Request.Job)?.Shown(q.Request.OptionValues).GetValueOrDefault(o.Key) == o.Value))
            .Select(q => q.ToView(catalog)).ToList();
        return new RunListView(runs.Select(r => r.ToView()).ToList(), query.Outcome is null ? queued : []);
    }

    public async Task<RunView?> GetAsync(RunId id, CancellationToken ct)
    {
        var details = await store.GetRunAsync(id, ct);
        if (details is null)
        {
            var queued = await queue.FindQueuedAsync(id, ct);
            return queued is null ? null : new RunView(queued.ToView(catalog), [], [], new LineageView(null, null), null, "", [], null);
        }
        var (source, sourceRun) = await LineageAsync(details.Run, ct);
        var sent = (await notifications.ListAsync(id, ct)).Select(n => n.ToView()).ToList();
        return new RunView(details.Run.ToView(), details.Steps.Select(s => s.ToView()).ToList(),
            details.Resources.Select(r => r.ToView()).ToList(), new LineageView(source, sourceRun),
            ApiMapping.ParseResult(details.ResultJson), details.Run.Arguments, sent, await NextAttemptAsync(details.Run, ct));
    }

    /// <summary>The attempt that retries this run: waiting in the queue (its delay), or in the history.</summary>
    private async Task<string?> NextAttemptAsync(RunSummary run, CancellationToken ct)
    {
        if (run.Outcome is not (RunOutcome.Failed or RunOutcome.TimedOut) || run.Job is null) return null;
        if ((await queue.ListQueuedAsync(ct, starting: true)).FirstOrDefault(q => q.Request.Previous == run.Id) is { } waiting)
            return waiting.Request.Run.Value;
        return (await store.ListRunsAsync(new RunQuery(Job: run.Job, Since: run.Started, Limit: 200), ct))
            .FirstOrDefault(r => RecordedArguments.Parse(r.Arguments).Previous == run.Id.Value)?.Id.Value;
    }

    /// <summary>The cloud's lineage tags first; when the cloud has lost the image, the history's own record.</summary>
    private async Task<(string?, string?)> LineageAsync(RunSummary run, CancellationToken ct)
    {
        try
        {
            var (source, sourceRun) = await families.LineageAsync(run, ct);
            if (source is not null && sourceRun is null && run.Family is not null)
                sourceRun = (await store.ListRunsAsync(new RunQuery(Family: run.Family, Limit: 500), ct))
                    .FirstOrDefault(r => JobOutcome.IdOf(r.Image) == source)?.Id.Value;
            return (source, sourceRun);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, null); // the cloud being unreachable must not hide the run record
        }
    }

    public async Task<CancelResult> CancelAsync(RunId id, string user, CancellationToken ct)
    {
        var details = await store.GetRunAsync(id, ct);
        if (details is not null)
        {
            if (details.Run.Outcome != RunOutcome.Running) return CancelResult.AlreadyFinished;
            await cancels.RequestAsync(id, user, ct);
            return CancelResult.Cancelling;
        }
        if (await queue.FindQueuedAsync(id, ct) is not { } queued) return CancelResult.NotFound;
        // Asked first, so a run that starts in between sees the request and stops at once.
        await cancels.RequestAsync(id, user, ct);
        if (!await queue.WithdrawAsync(id, ct)) return CancelResult.Cancelling;
        await store.CreateRunAsync(RunExecution.StartRecord(queued.Request, catalog.Find(queued.Request.Job), worker, clock.GetUtcNow()), ct);
        await store.FinishRunAsync(id, RunOutcome.Cancelled, $"cancelled by {user} while queued", null, null, ct);
        await cancels.ClearAsync(id, ct);
        return CancelResult.Withdrawn;
    }

    public async Task<DeleteResult> DeleteAsync(RunId id, CancellationToken ct)
    {
        var details = await store.GetRunAsync(id, ct);
        if (details is null) return await queue.FindQueuedAsync(id, ct) is null ? DeleteResult.NotFound : DeleteResult.StillRunning;
        if (details.Run.Outcome == RunOutcome.Running) return DeleteResult.StillRunning;
        // Its ledger is how `kiln gc` finds what it left behind: kept until everything is cleaned.
        if (details.Resources.Any(r => r.State == CleanupState.Live)) return DeleteResult.HasLiveResources;
        return await store.DeleteRunAsync(id, ct) ? DeleteResult.Deleted : DeleteResult.NotFound;
    }
}
