using Kiln.Core;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>Fired by a job's cron trigger (once per firing across the cluster: Quartz's clustered store hands each
/// firing to one worker); starts the job like a user would, as user `schedule`.</summary>
[DisallowConcurrentExecution]
public sealed class ScheduledStartJob(RunQueue queue, ILogger<ScheduledStartJob> log) : IJob
{
    public const string Group = "kiln-schedules";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var name = context.MergedJobDataMap.GetString("job")!;
        try
        {
            var started = await queue.StartAsync(name, "schedule", "schedule", null, null, ct);
            log.LogInformation("schedule of job {Job} started run {Run}", name, started.Run);
        }
        catch (Exception e) when (e is RunRefusedException or KilnInputException)
        {
            log.LogWarning("schedule of job {Job}: not started: {Why}", name, e.Message);
        }
    }
}
