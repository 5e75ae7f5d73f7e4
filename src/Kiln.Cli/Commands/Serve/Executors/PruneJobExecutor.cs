using System.Globalization;
using System.Text.Json;
using Kiln.Baking.Retention;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>A prune job: keep the family's newest N generations; never an image something still uses.</summary>
public sealed class PruneJobExecutor(KilnPaths paths, CloudSpec cloudSpec) : IJobExecutor
{
    public JobKind Kind => JobKind.Prune;

    public async Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct)
    {
        var text = run.Job.Arguments?.GetValueOrDefault("keep") ?? "3";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var keep) || keep is < 1 or > 1000)
            throw new KilnInputException([$"keep '{Kiln.Core.Naming.NameRules.Printable(text)}': give a number from 1 to 1000"]);
        await using var cloud = await CloudConnector.ConnectAsync(cloudSpec, paths, ct);
        var result = await new Pruner(cloud.Cloud).PruneAsync(new Family(run.Job.Family!), keep, false, ct, line => run.Log.Write("kiln", line));
        run.Log.Write("kiln", $"pruned {result.Pruned.Count}, kept {result.Kept.Count}");
        return new JobOutcome(ResultJson: JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
    }
}
