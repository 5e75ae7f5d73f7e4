using Kiln.Server.Jobs;
using Kiln.Server.Scheduling;
using Quartz;

namespace Kiln.Server.Api;

public static class JobViews
{
    /// <summary>The jobs of kiln.yml with their next scheduled start (from Quartz, so the same on every worker).</summary>
    public static async Task<IReadOnlyList<JobView>> ListAsync(IJobCatalog catalog, ISchedulerFactory schedulers, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var views = new List<JobView>();
        foreach (var j in catalog.Jobs)
        {
            var trigger = j.Schedule is null ? null : await scheduler.GetTrigger(new TriggerKey(j.Name, ScheduledStartJob.Group), ct);
            views.Add(new JobView(j.Name, j.Kind.ToString().ToLowerInvariant(), j.Family, j.Group, j.Then ?? [], j.Schedule, j.TimeZone,
                j.Concurrency.ToString().ToLowerInvariant(), j.Description, trigger?.NextFireTimeUtc));
        }
        return views;
    }
}
