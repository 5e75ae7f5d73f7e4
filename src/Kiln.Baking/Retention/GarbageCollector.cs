using Kiln.Baking.Polling;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;

namespace Kiln.Baking.Retention;

/// <summary>What `kiln gc` judged and did. With DryRun nothing was changed.</summary>
public sealed record GcReport(bool DryRun, IReadOnlyList<RunVerdict> Runs, IReadOnlyList<GcAction> Actions,
    IReadOnlyList<RunId> MarkedInterrupted)
{
    public bool Clean => Actions.All(a => a.Error is null);
}

/// <summary>`kiln gc [--dry-run]`: finishes runs that died. For each unfinished run whose process is gone it removes
/// every Live resource of its ledger; then it sweeps the cloud for resources tagged `kiln:temporary=true` that
/// belong to no live run (what the ledger missed: a kill between the cloud call and the ledger write); a run this
/// history does not hold is another Kiln's (a server's database, a laptop's SQLite, one cloud account): what it
/// tagged is left until the run is <see cref="ForeignRunGrace"/> old; then it
/// marks the dead runs Interrupted. With <paramref name="paths"/>, a dead run's local leftovers go too
/// (<see cref="RunLeftovers"/>: its processes and its run directory with the temporary key). With
/// <paramref name="groups"/>, a dead deploy's half-made Auto Scaling group goes too.</summary>
public sealed class GarbageCollector(ICloud cloud, IRunStore store, TimeProvider clock, IProcessTable? processes = null,
    BakeTimings? timings = null, string? host = null, KilnPaths? paths = null, IGroupRemover? groups = null)
{
    private readonly IProcessTable _processes = processes ?? new ProcProcessTable();
    private readonly BakeTimings _timings = timings ?? new BakeTimings();
    private readonly Poller _poller = new(clock);
    private readonly string _host = host ?? Environment.MachineName;

    /// <summary>How long a run this history does not hold may be another Kiln's live run (longer than any bake).</summary>
    public static readonly TimeSpan ForeignRunGrace = TimeSpan.FromHours(24);

    public async Task<GcReport> CollectAsync(bool dryRun, CancellationToken ct, Action<string>? log = null)
    {
        // Tagged resources are listed before the runs: a run that made one had recorded itself before, so it is
        // seen as live below; listing runs first would let a run starting in between lose its resources.
        var tagged = await TaggedAsync(ct);
        var verdicts = await RunLiveness.JudgeUnfinishedAsync(store, _host, _processes, ct);
        var live = verdicts.Where(v => !v.Dead).Select(v => v.Run.Id).ToHashSet();
        var dead = new List<(RunVerdict, IReadOnlyList<RunResource>)>();
        foreach (var v in verdicts.Where(v => v.Dead))
            dead.Add((v, (await store.GetRunAsync(v.Run.Id, ct))?.Resources ?? []));
        foreach (var v in verdicts) log?.Invoke($"run {v.Run.Id}: {(v.Dead ? "dead" : "alive")}, {v.Reason}");

        var foreign = await ForeignRunsAsync(tagged, verdicts, ct);
        foreach (var t in tagged.Where(t => t.Run is { } r && foreign.Contains(r)))
            log?.Invoke($"left {t.Kind} {t.Id}: its run {t.Run} is not in this history (another Kiln's run?); gc takes it once the run is {ForeignRunGrace.TotalHours:0} h old");
        var plan = GcPlanner.Plan(dead, [.. tagged, .. await GroupsOfDeadRunsAsync(dead, ct)], live, foreign);
        if (dryRun)
        {
            foreach (var a in plan) log?.Invoke($"would remove {a.Kind} {a.Id} ({a.Found}: {a.Why})");
            return new GcReport(true, verdicts, plan, []);
        }

        var done = new List<GcAction>();
        foreach (var action in plan)
        {
            var error = await TryRemoveAsync(action, dead, ct);
            done.Add(action with { Error = error });
            log?.Invoke(error is null ? $"removed {action.Kind} {action.Id} ({action.Found})" : $"could not remove {action.Kind} {action.Id}: {error}");
        }
        var interrupted = new List<RunId>();
        foreach (var (verdict, _) in dead)
        {
            // A run whose leftovers could not all be removed stays unfinished, so the next gc tries again.
            if (done.Any(a => a.Run == verdict.Run.Id && a.Error is not null)) continue;
            await store.FinishRunAsync(verdict.Run.Id, RunOutcome.Interrupted, $"interrupted: {verdict.Reason}; cleaned by kiln gc",
                null, null, CancellationToken.None);
            interrupted.Add(verdict.Run.Id);
            if (paths is not null)
                foreach (var line in RunLeftovers.Remove(paths.RunDirectory(verdict.Run.Id))) log?.Invoke($"run {verdict.Run.Id}: {line}");
        }
        // A dead run's playbook work tree went with its run directory; its entry in the repository's mirror goes now.
        if (paths is not null && interrupted.Count > 0 && Directory.Exists(Git.GitMirror.Root(paths)))
            foreach (var mirror in Directory.EnumerateDirectories(Git.GitMirror.Root(paths), "*.git"))
                await Git.PlaybookCheckout.PruneAsync(mirror, ct);
        return new GcReport(false, verdicts, done, interrupted);
    }

    /// <summary>The tagged resources' runs that this history does not hold and that started less than
    /// <see cref="ForeignRunGrace"/> ago (or whose id tells no start).</summary>
    private async Task<IReadOnlySet<RunId>> ForeignRunsAsync(IReadOnlyList<TaggedResource> tagged, IReadOnlyList<RunVerdict> unfinished,
        CancellationToken ct)
    {
        var foreign = new HashSet<RunId>();
        var now = clock.GetUtcNow();
        foreach (var run in tagged.Select(t => t.Run).OfType<RunId>().Distinct())
        {
            if (unfinished.Any(v => v.Run.Id == run) || run.Started is { } started && now - started >= ForeignRunGrace) continue;
            if (await store.GetRunAsync(run, ct) is null) foreign.Add(run);
        }
        return foreign;
    }

    private async Task<IReadOnlyList<TaggedResource>> TaggedAsync(CancellationToken ct) =>
        (await cloud.FindTemporaryAsync(ct)).Select(t => new TaggedResource(t.Kind, t.Id, t.Run)).ToList();

    /// <summary>Groups tagged with a dead run's id that its ledger does not keep (a green group finished and kept stays).
    /// One listing for all dead runs, none when no run died.</summary>
    private async Task<IReadOnlyList<TaggedResource>> GroupsOfDeadRunsAsync(
        IReadOnlyList<(RunVerdict Verdict, IReadOnlyList<RunResource> Resources)> dead, CancellationToken ct)
    {
        if (groups is null || dead.Count == 0) return [];
        var ledgers = dead.ToDictionary(d => d.Verdict.Run.Id, d => d.Resources);
        return (await groups.GroupsByRunAsync(ct))
            .Where(g => ledgers.TryGetValue(g.Run, out var resources) && !resources.Any(r =>
                r.Kind == ResourceKind.AutoScalingGroup && r.Id == g.Group && r.State == CleanupState.Kept))
            .Select(g => new TaggedResource(ResourceKind.AutoScalingGroup, g.Group, g.Run)).ToList();
    }

    private async Task<string?> TryRemoveAsync(GcAction action, IReadOnlyList<(RunVerdict, IReadOnlyList<RunResource>)> dead,
        CancellationToken ct)
    {
        try
        {
            await RemoveAsync(action, dead, ct);
            if (action.Found == "ledger" && action.Run is { } run)
                await store.SetResourceStateAsync(run, action.Kind, action.Id, CleanupState.Cleaned, CancellationToken.None);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private async Task RemoveAsync(GcAction action, IReadOnlyList<(RunVerdict Verdict, IReadOnlyList<RunResource> Resources)> dead,
        CancellationToken ct)
    {
        switch (action.Kind)
        {
            case ResourceKind.Instance:
                var id = new InstanceId(action.Id);
                await cloud.TerminateInstanceAsync(id, ct);
                await _poller.UntilAsync(_timings.InstanceTerminated, t => new ValueTask<CloudInstance?>(cloud.GetInstanceAsync(id, t)),
                    i => i is null or { State: InstanceState.Terminated }, ct);
                break;
            case ResourceKind.Image when RegionalImage.FromLedgerId(action.Id) is { } copy:
                // A copy in another region (ami_regions, kiln.yml regions:): removed there with its snapshots.
                var regional = cloud as IMultiRegionCloud
                    ?? throw new InvalidOperationException($"the cloud {cloud.Describe} cannot reach region {copy.Region}; remove {copy.Image} there by hand");
                await ImageRemoval.RemoveAsync(regional.InRegion(copy.Region), copy.Image, [], ct);
                break;
            case ResourceKind.Image:
                if (action.Found == "tag" && await cloud.GetImageAsync(new ImageId(action.Id), ct) is { } image && !SourceSelection.IsTemporary(image))
                    throw new InvalidOperationException("the image was completed since it was listed; left alone");
                var known = dead.Where(d => d.Verdict.Run.Id == action.Run).SelectMany(d => d.Resources)
                    .Where(r => r.Kind == ResourceKind.Snapshot).Select(r => new SnapshotId(r.Id)).ToList();
                await ImageRemoval.RemoveAsync(cloud, new ImageId(action.Id), known, ct);
                break;
            case ResourceKind.Snapshot or ResourceKind.KeyPair or ResourceKind.SecurityGroup or ResourceKind.Disk or ResourceKind.Firewall
                or ResourceKind.ForwardingRule or ResourceKind.BackendService or ResourceKind.InstanceGroupManager
                or ResourceKind.InstanceTemplate or ResourceKind.HealthCheck or ResourceKind.GroupVersion:
                // Retried: EC2 refuses a group (DependencyViolation), Compute Engine a disk, a template or a health check
                // (resourceInUseByAnotherResource) until what used it is gone.
                await _poller.RetryAsync(_timings.CleanupRetry, t => new ValueTask(cloud.RemoveTemporaryAsync(action.Kind, action.Id, t)), ct);
                break;
            case ResourceKind.AutoScalingGroup when groups is not null:
                await groups.RemoveGroupAsync(action.Id, ct);
                break;
            default:
                throw new InvalidOperationException($"gc does not remove {action.Kind} resources; remove {action.Id} by hand");
        }
    }
}
