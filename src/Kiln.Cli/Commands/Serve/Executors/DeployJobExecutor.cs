using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Deploy;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>A deploy or rollback job: the deploy engine `kiln deploy` and `kiln rollback` run, on kiln.yml's cloud
/// (<see cref="DeployJobCloud"/>; without `cloud:` there, the server's), recorded on the run the server started. After a bake (`then:`) it rolls out the image that bake made; alone, the
/// family's newest available image. Cancelling the run withdraws the deploy as Ctrl-C does (the plan's cleanups). A deploy of the same group already
/// running (a `kiln deploy`, another server's job) is waited for, named in the run's log; a job with `concurrency:
/// refuse` is refused instead, with the message `kiln deploy` gives.</summary>
public sealed class DeployJobExecutor(KilnPaths paths, CloudSpec serverCloud, TimeProvider clock) : IJobExecutor
{
    /// <summary>How often a job queued behind a running deploy of its group looks again.</summary>
    private static readonly TimeSpan LockPoll = TimeSpan.FromSeconds(1);

    public JobKind Kind => JobKind.Deploy;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var a = run.Job.Arguments ?? throw new InvalidOperationException($"job '{run.Job.Name}' has no deploy arguments");
        var (spec, cloudProblems) = DeployJobCloud.Resolve(a, serverCloud);
        var job = DeployJobRequest.From(a, spec?.IsGce ?? false);
        if (cloudProblems.Count + job.Problems.Count > 0) throw new KilnInputException([.. cloudProblems, .. job.Problems]);
        using var groupLock = run.Job.Concurrency == Concurrency.Refuse
            ? DeployLock.TryAcquire(DeployLock.PathOf(paths, spec!, a["group"]), run.Id, out var holder)
                ?? throw new RunRefusedException(DeployLock.Busy(a["group"], holder))
            : await DeployLock.WaitAsync(paths, spec!, a["group"], run.Id, m => run.Log.Write("kiln", m), LockPoll, clock, ct);
        var timings = new DeployTimings { Healthy = TimeSpan.FromSeconds(job.TimeoutSeconds) };
        await using var cloud = await CloudConnector.ConnectAsync(spec!, paths, ct);
        var engine = new DeployEngine(DeployRunner.Provider(cloud, timings), run.Store, clock, timings);
        var request = job.Complete(new DeployRequest(run.Id, job.Kind, new Family(run.Job.Family!), a["group"], job.Strategy,
            $"job {run.Job.Name}"))
            with { Image = job.Kind == DeployKind.Rollback ? null : run.InputImage, Job = run.Job.Name, RunRecorded = true };
        if (request.Image is { } image) run.Log.Write("kiln", $"rolling out {image}, the image the previous job handed on");
        var result = await engine.RunAsync(request, run.Log, null, ct);
        if (result.Outcome == RunOutcome.Cancelled) throw new OperationCanceledException(ct);
        if (!result.Succeeded) throw new JobFailedException(result.Error ?? $"the {job.Kind.ToString().ToLowerInvariant()} failed", result.ToJson());
        return new JobOutcome(result.Image is null ? null : new ImageId(result.Image), result.ToJson(),
            result.Group);
    }
}
