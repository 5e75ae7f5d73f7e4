using Kiln.Core;
using Kiln.Server.Jobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>Fired by a job's cron trigger (once per firing across the cluster: Quartz's clustered store hands each
/// firing to one worker); starts the job like a user would, as user `schedule`.</summary>
[DisallowConcurrentExecution]
public sealed class ScheduledStartJob(RunQueue queue, IJobCatalog catalog, ILogger<ScheduledStartJob> log) : IJob
{
    public const string Group = "kiln-schedules";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var name = context.MergedJobDataMap.GetString("job")!;
        try
        {
            // The options' defaults, or the job's schedule_options: (checked when kiln.yml was read).
            var started = await queue.StartAsync(new StartRequest(name, "schedule", "schedule", Options: catalog.Find(name)?.More.ScheduleOptions), ct);
            log.LogInformation("schedule of job {Job} started run {Run}", name, started.Run);
        }
        catch (Exception e) when (e is RunRefusedException or KilnInputException or OptionsRejectedException)
        {
            log.LogWarning("schedule of job {Job}: not started: {Why}", name, e.Message);
        }
    }
}
