using Kiln.Core.Runs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>Deletes finished runs older than `--keep-history` (default 90 days), hourly and once at start.</summary>
[DisallowConcurrentExecution]
public sealed class HistoryRetentionJob(IRunStore store, ServerOptions options, TimeProvider clock, ILogger<HistoryRetentionJob> log) : IJob
{
    public static readonly JobKey Key = new("history-retention", "kiln-maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (options.KeepHistory is not { } keep) return;
        var deleted = await store.DeleteRunsBeforeAsync(clock.GetUtcNow() - keep, ct);
        if (deleted > 0) log.LogInformation("history retention: deleted {Count} runs older than {Days} days", deleted, keep.TotalDays);
    }
}
