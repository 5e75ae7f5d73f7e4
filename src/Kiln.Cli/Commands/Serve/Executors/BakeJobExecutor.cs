using System.Globalization;
using Kiln.Baking;
using Kiln.Baking.Git;
using Kiln.Cli.Commands.Bake;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Kiln.Templates.KilnYml;
using BakeRequest = Kiln.Baking.BakeRequest;
using TemplateBakeRequest = Kiln.Templates.KilnYml.BakeRequest;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>A bake job: kiln.yml is read again at each start (so an edit to the playbook directory, or a push to the
/// job's repository and ref, takes effect without restarting the server), then the bake engine runs on the run the
/// server recorded. A bake whose inputs are those of the family's newest image makes nothing and is up to date.</summary>
public sealed class BakeJobExecutor(KilnPaths paths, TimeProvider clock) : IJobExecutor
{
    public JobKind Kind => JobKind.Bake;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var a = run.Job.Arguments ?? throw new InvalidOperationException($"job '{run.Job.Name}' has no bake arguments");
        int? keep = null;
        if (a.GetValueOrDefault("keep") is { Length: > 0 } text)
            keep = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k
                : throw new KilnInputException([$"keep '{Kiln.Core.Naming.NameRules.Printable(text)}': give a whole number of generations"]);
        var extraVars = a.Where(p => p.Key.StartsWith(KilnYmlJobs.ExtraVarPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[KilnYmlJobs.ExtraVarPrefix.Length..], p => p.Value);
        var repo = a.GetValueOrDefault("repo") is { Length: > 0 } r ? r : null;
        await using var checkout = repo is null ? null
            : await PlaybookCheckout.CreateAsync(paths, run.Id, repo, a.GetValueOrDefault("ref") is { Length: > 0 } gitRef ? gitRef : "HEAD", a["directory"], ct);
        if (checkout is not null) run.Log.Write("kiln", $"Playbooks: {checkout.Url.Shown} at {checkout.Commit.Ref} ({checkout.Commit.Commit})");
        var request = new TemplateBakeRequest(a["account"], a["env"], a["category"], checkout?.Root ?? a["directory"],
            run.InputImage?.Value, keep, null, clock.GetUtcNow(), extraVars);
        var plan = checkout is null ? KilnConfigReader.Read(request) : RepositoryBake.Read(request, checkout);
        foreach (var secret in plan.Secrets) run.Log.AddSecret(secret);
        if (plan.Spec.Cloud.SecretKey is { } key) run.Log.AddSecret(key);
        await using var cloud = await CloudConnector.ConnectAsync(plan.Spec.Cloud, paths, ct);
        var engine = new BakeEngine(cloud.Cloud, run.Store, paths, clock);
        var result = await engine.RunAsync(new BakeRequest(run.Id, plan.Spec, $"job {run.Job.Name}", "bake", run.Job.Name,
            run.User, RunRecorded: true), run.Log, null, ct);
        if (result.Outcome == RunOutcome.Cancelled) throw new OperationCanceledException(ct);
        if (result.UpToDate) return new JobOutcome(result.Image, result.ToJson(), result.ImageName, UpToDate: true);
        if (!result.Succeeded) throw new JobFailedException(result.Error ?? "the bake failed", result.ToJson());
        return new JobOutcome(result.Image, result.ToJson(), result.ImageName);
    }
}
