using System.ComponentModel;
using Kiln.Baking.Retention;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Deploy;
using Kiln.Deploy.Aws;
using Kiln.History;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Bake;

/// <summary>`kiln gc [--dry-run]`: finishes runs that died (kill -9, crash, power loss): their ledger's live resources
/// and anything tagged temporary that no live run owns are removed (what a run of another history tagged only once
/// that run is a day old); the runs are marked interrupted.</summary>
public sealed class GcCommand : AsyncCommand<GcCommand.Settings>
{
    public sealed class Settings : CloudSettings
    {
        [CommandOption("--dry-run")] [Description("list what would be removed, change nothing")] public bool DryRun { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var paths = KilnPaths.FromEnvironment();
        var spec = s.Spec();
        await using var history = await RunStoreFactory.OpenAsync(s.Db ?? Environment.GetEnvironmentVariable("KILN_DB"), paths, ct);
        await using var cloud = await CloudConnector.ConnectAsync(spec, paths, ct);
        var report = await new GarbageCollector(cloud.Cloud, history, TimeProvider.System, paths: paths,
            groups: cloud.Cloud is Kiln.Aws.AwsCloud aws ? new DeployCloud(aws, new DeployTimings()) : null).CollectAsync(s.DryRun, ct, Console.WriteLine);
        Console.WriteLine(s.DryRun
            ? $"would remove {report.Actions.Count} resource(s) of {report.Runs.Count(r => r.Dead)} dead run(s)"
            : $"removed {report.Actions.Count(a => a.Error is null)} resource(s); {report.MarkedInterrupted.Count} run(s) marked interrupted");
        return report.Clean ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
