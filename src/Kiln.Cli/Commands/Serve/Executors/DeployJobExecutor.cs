using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Core.Runs;
using Kiln.Deploy;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>A deploy or rollback job: the deploy engine `kiln deploy` and `kiln rollback` run, on the server's cloud,
/// recorded on the run the server started. After a bake (`then:`) it rolls out the image that bake made; alone, the
/// family's newest available image. Cancelling the run withdraws the deploy as Ctrl-C does (the plan's cleanups).</summary>
public sealed class DeployJobExecutor(KilnPaths paths, CloudSpec cloudSpec, TimeProvider clock) : IJobExecutor
{
    public JobKind Kind => JobKind.Deploy;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var a = run.Job.Arguments ?? throw new InvalidOperationException($"job '{run.Job.Name}' has no deploy arguments");
        var gce = cloudSpec.Kind is CloudKind.Gcp or CloudKind.LocalGcp;
        var job = DeployJobRequest.From(a, gce);
        if (job.Problems.Count > 0) throw new KilnInputException(job.Problems);
        var timings = new DeployTimings { Healthy = TimeSpan.FromSeconds(job.TimeoutSeconds) };
        await using var cloud = await CloudConnector.ConnectAsync(cloudSpec, paths, ct);
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
