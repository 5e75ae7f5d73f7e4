using Quartz;

namespace Kiln.Server.Jobs;

/// <summary>The Quartz job behind every run: one per family, never two at once (across the cluster too). A trigger
/// fired again after its worker died (Quartz's recovery) is not run again: the survivor marks the run interrupted
/// and sweeps its resources.</summary>
[DisallowConcurrentExecution]
public sealed class RunJob(RunExecution execution, InterruptedRuns interrupted) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var request = RunRequest.FromData(context.MergedJobDataMap);
        if (context.Recovering)
            await interrupted.RecoverAsync(request, "the worker running it stopped (missed its cluster check-in)", ct);
        else
            await execution.ExecuteAsync(request, ct);
    }
}
