using Kiln.Core;
using Quartz;

namespace Kiln.Server.Jobs;

/// <summary>Starts runs through Quartz: each lock key (family) is one durable, non-concurrent Quartz job and each
/// run one trigger on it, so Quartz itself runs one per family at a time across every worker of a cluster and
/// keeps the others waiting in its store (the queue). A trigger that is still waiting can be withdrawn.</summary>
public sealed class RunQueue(ISchedulerFactory schedulers, IJobCatalog catalog, TimeProvider clock)
{
    public const string FamilyGroup = "kiln-families", RunGroup = "kiln-runs";

    public sealed record Started(RunId Run, bool Queued);

    /// <summary>Checks the options (every problem at once: <see cref="OptionsRejectedException"/>), then queues the
    /// run on its family as the options make it.</summary>
    public async Task<Started> StartAsync(StartRequest start, CancellationToken ct)
    {
        var job = catalog.Find(start.Job) ?? throw new KilnInputException([$"no job '{start.Job}' in kiln.yml (known: {string.Join(", ", catalog.Jobs.Select(j => j.Name))})"]);
        var (values, problems) = Kiln.Core.Jobs.OptionValues.Resolve(job.Name, job.Options, start.Options);
        if (problems.Count > 0) throw new OptionsRejectedException(problems);
        var resolved = job.WithOptions(values);
        if (resolved.Family is { } family && Kiln.Core.Naming.NameRules.PartProblem("family", family) is { } why)
            throw new OptionsRejectedException([$"the options make an unusable family: {why}"]);
        var scheduler = await schedulers.GetScheduler(ct);
        var familyJob = new JobKey(resolved.LockKey, FamilyGroup);
        var busy = await IsBusyAsync(scheduler, familyJob, ct);
        if (busy && job.Concurrency == Concurrency.Refuse && start.At is null)
            throw new RunRefusedException($"job '{job.Name}' refuses to queue and '{resolved.LockKey}' is busy; try again when its run ends");
        if (!await scheduler.Exists(familyJob, ct))
            await scheduler.AddJob(JobBuilder.Create<RunJob>().WithIdentity(familyJob).StoreDurably().RequestRecovery().Build(), AddJobOptions.Replacing, ct);
        var request = new RunRequest(RunId.New(clock), job.Name, start.User, start.Trigger, clock.GetUtcNow(), start.Input, start.Parent,
            values, start.Attempt, start.Previous);
        var trigger = TriggerBuilder.Create(clock).WithIdentity(request.Run.Value, RunGroup).ForJob(familyJob).UsingJobData(request.ToData());
        trigger = start.At is { } at ? trigger.StartAt(at) : trigger.StartNow();
        await scheduler.ScheduleJob(trigger
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build(),
            new ScheduleJobOptions(), ct);
        return new Started(request.Run, busy || start.At is not null);
    }

    /// <summary>Busy: a run of this key waits or runs on some worker. (A `kiln bake` outside the server holding the
    /// family lock is found when the run starts: the run then waits or is refused there.)</summary>
    private static async Task<bool> IsBusyAsync(IScheduler scheduler, JobKey familyJob, CancellationToken ct) =>
        (await scheduler.GetTriggersOfJob(familyJob, ct)).Count > 0;

    /// <summary>Runs waiting for their family (not yet started), oldest first. With <paramref name="starting"/>, also
    /// the ones Quartz has just fired whose run record may not be written yet.</summary>
    public async Task<IReadOnlyList<QueuedRun>> ListQueuedAsync(CancellationToken ct, bool starting = false)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var queued = new List<QueuedRun>();
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(RunGroup), ct))
        {
            var state = await scheduler.GetTriggerState(key, ct);
            if (!starting && state is not (TriggerState.Normal or TriggerState.Blocked or TriggerState.Paused or TriggerState.Awaiting)) continue;
            if (await scheduler.GetTrigger(key, ct) is not { } t) continue;
            queued.Add(new QueuedRun(RunRequest.FromData(t.JobDataMap), t.JobKey.Name));
        }
        return queued.OrderBy(q => q.Request.Requested).ToList();
    }

    public async Task<QueuedRun?> FindQueuedAsync(RunId run, CancellationToken ct) =>
        (await ListQueuedAsync(ct, starting: true)).FirstOrDefault(q => q.Request.Run == run);

    /// <summary>Withdraws a run that has not started; false when it started already (or never existed).</summary>
    public async Task<bool> WithdrawAsync(RunId run, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var key = new TriggerKey(run.Value, RunGroup);
        var state = await scheduler.GetTriggerState(key, ct);
        if (state is not (TriggerState.Normal or TriggerState.Blocked or TriggerState.Paused or TriggerState.Awaiting)) return false;
        return await scheduler.UnscheduleJob(key, ct);
    }
}
