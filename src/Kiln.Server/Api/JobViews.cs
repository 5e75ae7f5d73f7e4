using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Kiln.Server.Scheduling;
using Quartz;

namespace Kiln.Server.Api;

public static class JobViews
{
    public const int StatsRuns = 30;

    /// <summary>The jobs of kiln.yml with their next scheduled start (from Quartz, so the same on every worker), their
    /// options, and how their last 30 runs went.</summary>
    public static async Task<IReadOnlyList<JobView>> ListAsync(IJobCatalog catalog, ISchedulerFactory schedulers, IRunStore store, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var views = new List<JobView>();
        foreach (var j in catalog.Jobs)
        {
            var trigger = j.Schedule is null ? null : await scheduler.GetTrigger(new TriggerKey(j.Name, ScheduledStartJob.Group), ct);
            var m = j.More;
            views.Add(new JobView(j.Name, j.Kind.ToString().ToLowerInvariant(), j.Family, j.Group, j.Then ?? [], j.Schedule, j.TimeZone,
                j.Concurrency.ToString().ToLowerInvariant(), j.Description, trigger?.NextFireTimeUtc,
                j.Options.Select(o => new OptionView(o.Name, o.Values, o.Pattern, o.Secure ? null : o.Default, o.Required, o.Description, o.Secure)).ToList(),
                m.Retry?.Count ?? 0, m.Retry?.Delay.TotalSeconds, m.Timeout?.TotalSeconds, m.OnFailure ?? [],
                Stats(await store.ListRunsAsync(new RunQuery(Job: j.Name, Limit: StatsRuns + 10), ct))));
        }
        return views;
    }

    /// <summary>Finished runs only (a running one has no outcome yet); cancelled runs count as not succeeded.</summary>
    public static JobStatsView Stats(IReadOnlyList<RunSummary> runs)
    {
        var done = runs.Where(r => r.Outcome != RunOutcome.Running && r.Finished is not null).Take(StatsRuns).ToList();
        if (done.Count == 0) return new JobStatsView(0, null, null, []);
        var durations = done.Select(r => (r.Finished!.Value - r.Started).TotalSeconds).Order().ToList();
        var median = durations.Count % 2 == 1 ? durations[durations.Count / 2] : (durations[durations.Count / 2 - 1] + durations[durations.Count / 2]) / 2;
        return new JobStatsView(done.Count, Math.Round(100.0 * done.Count(r => r.Outcome == RunOutcome.Succeeded) / done.Count, 1),
            Math.Round(median, 1), done.Take(10).Select(r => ApiMapping.Name(r.Outcome)).ToList());
    }
}
