using Kiln.Baking.Polling;
using Kiln.Baking.Steps;
using Kiln.Baking.Steps.Distribution;
using Kiln.Baking.Steps.Gce;
using Kiln.Baking.Testing;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core.Baking;

namespace Kiln.Baking;

/// <summary>Runs one bake: the plan of steps below, Packer amazon-ebs style, with the run's record written before
/// the first cloud call and its outcome after the last cleanup.</summary>
public sealed class BakeEngine(ICloud cloud, IRunStore store, KilnPaths paths, TimeProvider clock, BakeEngineOptions? options = null)
{
    private readonly BakeEngineOptions _options = options ?? new BakeEngineOptions();

    /// <summary>The whole bake on EC2. Cleanups run in reverse on success, failure and cancellation.</summary>
    private static IReadOnlyList<IStep<BakeState>> Plan(BakeContext c, BakeSpec spec) =>
    [
        new StepCheckInputs(c),          // name free, files present, source available: before anything is created;
                                         // the inputs' digest, and the plan ends here when the newest image has it
        new StepResolveSource(c),
        new StepCreateSshCredential(c, "create key pair"),  // cleanup: delete key pair
        new StepStartAnsible(c),         // cleanup: stop a play still waiting for the instance
        new StepOpenSsh(c, "create security group"),        // cleanup: delete group
        new StepRunInstance(c),          // cleanup: terminate instance
        new StepWaitForSsh(c),
        new StepProvision(c),
        new StepRemoveTemporaryKey(c),
        new StepRecordInventory(c),      // packages and file manifest into the history, for `kiln diff`
        new StepStopInstance(c),
        .. When(spec.ImageAttributes.ChangesInstance, new StepModifyInstance(c)),  // ena_support, sriov_support
        new StepCreateImage(c),          // cleanup: remove a half-made image and its snapshots
        new StepWaitForImage(c),
        new StepReleaseInstance(c),      // the build instance's termination starts; StepRunInstance's cleanup awaits it
        .. When(spec.ImageAttributes.ImdsSupport is not null, new StepSetImdsSupport(c)),
        .. Tests(c, spec),
        .. Distribution(c, spec),
    ];

    /// <summary>A step the spec asks for, or none.</summary>
    private static IReadOnlyList<IStep<BakeState>> When(bool asked, IStep<BakeState> step) => asked ? [step] : [];

    /// <summary>kiln.yml's `tests:` on a fresh instance of the new image, before it counts as a generation.</summary>
    private static IReadOnlyList<IStep<BakeState>> Tests(BakeContext c, BakeSpec spec) => spec.Tests is null ? [] :
    [
        new StepLaunchTestInstance(c),   // cleanup: terminate the test instance
        new StepRunImageTests(c),        // passed: kiln:tests=passed, the image is complete; failed: removed (or kept, failed)
    ];

    /// <summary>Copies, encryption and sharing (Packer's ami_regions, encrypt_boot, ami_users…), when asked for.</summary>
    private static IReadOnlyList<IStep<BakeState>> Distribution(BakeContext c, BakeSpec spec) => spec.Distribution.IsEmpty ? [] :
    [
        new StepEncryptImage(c),         // encrypt_boot: an encrypted copy replaces the image
        new StepCopyImage(c),            // cleanup: remove unfinished copies in other regions
        new StepShareImage(c),
        new StepDistributionDone(c),     // the generation is complete in every region
    ];

    /// <summary>The whole bake on Compute Engine, Packer googlecompute's way: the key goes into the instance's
    /// metadata, the image is made from the boot disk once the instance is deleted.</summary>
    private static IReadOnlyList<IStep<BakeState>> GcePlan(BakeContext c) =>
    [
        new StepCheckInputs(c, GceInputs.ProblemsAsync),  // + project, zone, machine type, Google's name and label rules
        new StepResolveSource(c),                         // images.getFromFamily of the family (its base when empty)
        new StepCreateSshCredential(c, "create ssh key"), // cleanup: delete the key's files
        new StepStartAnsible(c),                          // cleanup: stop a play still waiting for the instance
        new StepOpenSsh(c, "create firewall rule"),       // cleanup: delete the rule
        new StepRunInstance(c),                           // cleanup: delete the instance, then its boot disk
        new StepWaitForSsh(c),
        new StepProvision(c),
        new StepRemoveTemporaryKey(c),
        new StepRecordInventory(c),
        new StepRemoveSshMetadata(c),
        new StepStopInstance(c),
        new StepDeleteInstance(c),                        // the boot disk stays (autoDelete false)
        new StepCreateImageFromDisk(c),                   // cleanup: delete a half-made image
        new StepWaitForImage(c),
        new StepDeleteDisk(c),
    ];

    /// <summary>Retention runs after the plan's cleanups, on success only: until the builder instance is terminated,
    /// the previous generation it was launched from counts as in use and would never be pruned.</summary>
    private static IReadOnlyList<IStep<BakeState>> AfterSuccess(BakeContext c) => [new StepPrune(c)];

    /// <summary>Runs the bake and returns what happened; the outcome is Succeeded, Failed or Cancelled (when
    /// <paramref name="ct"/> was cancelled). Bad input throws <see cref="KilnInputException"/> after the run is
    /// recorded as failed; nothing was created then. <paramref name="log"/> is the run's log (it masks secrets).</summary>
    public async Task<BakeResult> RunAsync(BakeRequest request, IRunLog log, IStepObserver? observer, CancellationToken ct)
    {
        var masked = new MaskedRunLog(log);
        var spec = request.Spec;
        if (!request.RunRecorded)
            await store.CreateRunAsync(new RunStart(request.Run, request.Kind, spec.Family?.Name, request.Arguments,
                request.User ?? Environment.UserName, cloud.Describe, clock.GetUtcNow(), Environment.MachineName, Environment.ProcessId,
                request.Job), CancellationToken.None);

        var context = new BakeContext(cloud, new Ledger(store, request.Run), masked, clock, new Poller(clock), _options.Timings, _options, paths, store);
        var state = new BakeState(request.Run, spec, paths.RunDirectory(request.Run)) { PlaybookCheck = request.PlaybookCheck, PlaybookTree = request.PlaybookTree };
        var runner = new StepRunner<BakeState>(new RunRecordObserver(store, request.Run, masked, observer), clock)
        {
            CleanupBudget = _options.CleanupBudget,
        };
        var started = clock.GetUtcNow();
        var steps = cloud is IDiskImages ? GcePlan(context) : Plan(context, spec);
        var plan = await runner.RunAsync(PausableStep.Wrap(steps), state, ct);
        if (plan.Succeeded && plan.CompletedEarly is null)
        {
            var after = await runner.RunAsync(PausableStep.Wrap(AfterSuccess(context)), state, ct);
            if (after.Failure is { } e) state.Warnings.Add($"retention did not finish: {masked.Mask(e.Message)}");
            plan = plan with { Steps = [.. plan.Steps, .. after.Steps] };
        }
        var result = Result(request, state, plan, masked, clock.GetUtcNow() - started);

        // A caller that recorded the run's start also writes its outcome (the job server: `timed-out` is its word, and a
        // client polling the run must not see `cancelled` first).
        if (!request.RunRecorded)
            await store.FinishRunAsync(request.Run, result.Outcome, result.Error,
                result.Image is not null ? $"{result.Image} {result.ImageName}" : null, result.ToJson(), CancellationToken.None);
        masked.Info(result.Succeeded ? $"Bake done: {result.Image} {result.ImageName}"
            : plan.CompletedEarly is { } why ? why : $"Bake {RunOutcomes.Name(result.Outcome)}: {result.Error}");
        if (plan.Failure is KilnInputException bad) throw bad;
        return result;
    }

    private static BakeResult Result(BakeRequest request, BakeState state, PlanResult plan, MaskedRunLog log, TimeSpan elapsed)
    {
        var outcome = plan.CompletedEarly is not null && state.UpToDate is not null ? RunOutcome.UpToDate
            : plan.Succeeded ? RunOutcome.Succeeded : plan.Cancelled ? RunOutcome.Cancelled : RunOutcome.Failed;
        var error = plan.Failure is null ? null
            : plan.Cancelled ? "cancelled" : log.Mask(plan.Failure.Message);
        var warnings = state.Warnings.Concat(plan.CleanupErrors.Select(e => $"cleanup failed: {log.Mask(e.Message)}")).ToList();
        var image = state.UpToDate is { } same ? same.Id : plan.Succeeded ? state.Image : null;
        return new BakeResult(request.Run, outcome, error,
            image, state.UpToDate?.Name ?? request.Spec.ImageName, state.SourceImage?.Id, state.SourceImage?.Name,
            plan.Steps.Select(s => new StepTiming(s.Name, s.Outcome.ToString().ToLowerInvariant(), Math.Round(s.Duration.TotalSeconds, 3))).ToList(),
            Math.Round(elapsed.TotalSeconds, 3),
            state.Retention?.Pruned ?? [], state.Retention?.Kept ?? [], warnings)
        {
            Copies = plan.Succeeded ? new Dictionary<string, ImageId>(state.Copies) : new Dictionary<string, ImageId>(),
            BuildRegionImageKept = state.BuildRegionImageKept,
            Inputs = state.Inputs,
            InputChanges = [.. state.InputChanges],
            Tests = state.TestsOutcome,
            FailedImage = state.TestsOutcome == Generations.Failed && state.ImageComplete ? state.Image : null,
        };
    }
}
