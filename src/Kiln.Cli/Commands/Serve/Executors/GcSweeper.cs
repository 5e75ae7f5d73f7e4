using Kiln.Baking.Retention;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Runs;
using Kiln.Deploy;
using Kiln.Deploy.Aws;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve.Executors;

/// <summary>Sweeps a dead worker's run with the garbage collector. The cluster (Quartz's missed check-ins) has
/// already judged that worker dead, on whatever host it ran: the collector is told so for that run's process only,
/// and every other unfinished run counts as alive, so nothing of a live run is ever touched.</summary>
public sealed class GcSweeper(IRunStore store, KilnPaths paths, CloudSpec cloudSpec, TimeProvider clock) : IResourceSweeper
{
    public async Task SweepAsync(RunId run, IRunLog log, CancellationToken ct)
    {
        var dead = (await store.GetRunAsync(run, ct))?.Run ?? throw new InvalidOperationException($"run {run} is not in the history");
        await using var cloud = await CloudConnector.ConnectAsync(cloudSpec, paths, ct);
        var gc = new GarbageCollector(cloud.Cloud, store, clock, new OnlyThisProcessIsGone(dead.Pid), host: dead.Host,
            groups: cloud.Cloud is Kiln.Aws.AwsCloud aws ? new DeployCloud(aws, new DeployTimings()) : null);
        var report = await gc.CollectAsync(false, ct, line => log.Write("kiln", line));
        if (!report.Clean) throw new InvalidOperationException("some resources could not be removed; `kiln gc` will retry");
    }

    private sealed class OnlyThisProcessIsGone(int pid) : IProcessTable
    {
        public DateTimeOffset? StartTimeOf(int candidate) => candidate == pid ? null : DateTimeOffset.MinValue;
    }
}
