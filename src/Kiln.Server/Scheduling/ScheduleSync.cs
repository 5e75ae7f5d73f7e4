using Kiln.Core;
using Kiln.Server.Jobs;
using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>Makes Quartz's cron triggers match the `schedule:` of the jobs in kiln.yml: adds and replaces them,
/// removes those of jobs that lost their schedule. Safe to run on every worker at start (the store serialises it).</summary>
public static class ScheduleSync
{
    public static IReadOnlyList<string> Validate(IJobCatalog catalog)
    {
        var problems = new List<string>();
        foreach (var job in catalog.Jobs.Where(j => j.Schedule is not null))
        {
            if (!CronText.TryParse(job.Schedule!, out _))
                problems.Add($"job '{job.Name}': schedule '{job.Schedule}' is not a cron expression (minute hour day-of-month month day-of-week, e.g. '0 3 * * *')");
            if (job.TimeZone is { } tz && !TryZone(tz, out _))
                problems.Add($"job '{job.Name}': time zone '{tz}' is unknown (use an IANA name such as 'Asia/Tokyo')");
        }
        return problems;
    }

    public static async Task ApplyAsync(IScheduler scheduler, IJobCatalog catalog, CancellationToken ct)
    {
        var problems = Validate(catalog);
        if (problems.Count > 0) throw new KilnInputException(problems);
        var wanted = catalog.Jobs.Where(j => j.Schedule is not null).ToDictionary(j => j.Name);
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(ScheduledStartJob.Group), ct))
            if (!wanted.ContainsKey(key.Name)) await scheduler.UnscheduleJob(key, ct);
        foreach (var job in wanted.Values)
        {
            TryZone(job.TimeZone ?? "UTC", out var zone);
            CronText.TryParse(job.Schedule!, out var cron);
            var detail = JobBuilder.Create<ScheduledStartJob>().WithIdentity(job.Name, ScheduledStartJob.Group)
                .UsingJobData("job", job.Name).StoreDurably().Build();
            var triggerKey = new TriggerKey(job.Name, ScheduledStartJob.Group);
            if (await scheduler.GetTrigger(triggerKey, ct) is ICronTrigger existing
                && existing.CronExpressionString == cron!.CronExpressionString && existing.TimeZone.Id == zone.Id) continue;
            var trigger = TriggerBuilder.Create(scheduler.TimeProvider).WithIdentity(triggerKey).ForJob(detail)
                // A bake missed while every worker was down is skipped, not run late on the next start.
                .WithSchedule(CronScheduleBuilder.Create(cron!).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                .Build();
            await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, ct);
        }
    }

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(id); return true; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { zone = TimeZoneInfo.Utc; return false; }
    }
}
