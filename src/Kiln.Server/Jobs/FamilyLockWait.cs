using Kiln.Core;
using Kiln.Core.Runs;
using Polly;
using Polly.Retry;

namespace Kiln.Server.Jobs;

/// <summary>Takes the family lock for a run. Inside the server Quartz already keeps one run per family; the lock
/// also covers bakes started elsewhere (`kiln bake`). Busy: `queue` jobs poll until it is free, `refuse` jobs fail.</summary>
public static class FamilyLockWait
{
    public static async Task AcquireAsync(FamilyLocks locks, JobDefinition job, RunId run, string worker, IRunLog log,
        TimeSpan pollInterval, TimeProvider clock, CancellationToken ct)
    {
        if (await locks.TryAcquireAsync(job.LockKey, run, worker, ct)) return;
        var holder = await locks.HolderAsync(job.LockKey, ct);
        var busy = $"'{job.LockKey}' is busy with run {holder?.Run.Value ?? "?"} (worker {holder?.Worker ?? "?"})";
        if (job.Concurrency == Concurrency.Refuse) throw new RunRefusedException($"{busy}; job '{job.Name}' refuses to wait");
        log.Write("kiln", $"{busy}; waiting for it");
        var pipeline = new ResiliencePipelineBuilder<bool> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result == false),
                MaxRetryAttempts = int.MaxValue, Delay = pollInterval, BackoffType = DelayBackoffType.Constant,
            })
            .Build();
        await pipeline.ExecuteAsync(async token => await locks.TryAcquireAsync(job.LockKey, run, worker, token), ct);
        log.Write("kiln", $"'{job.LockKey}' is free; starting");
    }
}
