using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Server.Jobs;

/// <summary>Takes the history's family lock for a run. Inside the server Quartz already keeps one run per family; the
/// lock also covers bakes started elsewhere (`kiln bake`). Busy: `queue` jobs wait for it, `refuse` jobs fail.</summary>
public static class FamilyLockWait
{
    /// <summary>A queued run waits this long at most for a bake outside the server (a day: longer is a stuck holder).</summary>
    public static readonly TimeSpan QueueWait = TimeSpan.FromDays(1);

    public static async Task<IAsyncDisposable> AcquireAsync(IFamilyLock locks, JobDefinition job, RunId run, IRunLog log, CancellationToken ct)
    {
        if (await locks.TryAcquireFamilyAsync(job.LockKey, run, TimeSpan.Zero, ct) is { } now) return now;
        if (job.Concurrency == Concurrency.Refuse)
            throw new RunRefusedException($"'{job.LockKey}' is busy with another run; job '{job.Name}' refuses to wait");
        log.Write("kiln", $"'{job.LockKey}' is busy with a run outside this server; waiting for it");
        return await locks.TryAcquireFamilyAsync(job.LockKey, run, QueueWait, ct)
            ?? throw new RunRefusedException($"'{job.LockKey}' stayed busy for {QueueWait.TotalHours} hours; giving up");
    }
}
