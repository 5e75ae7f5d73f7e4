using Kiln.Aws;
using Kiln.Cli.Commands.Deploy;
using Kiln.Core;
using Kiln.Deploy;
using Kiln.Deploy.Aws;
using Kiln.Gcp;
using Kiln.Gcp.Deploy;
using Kiln.History;

namespace Kiln.Cli.Infrastructure;

/// <summary>What `deploy` and `rollback` share: one run per group at a time (<see cref="DeployLock"/>), history, the
/// cloud, the engine.</summary>
public static class DeployRunner
{
    public static async Task<DeployResult> RunAsync(DeploySettings s, DeployKind kind, DeployStrategy strategy,
        Func<DeployRequest, DeployRequest> complete, string arguments, CancellationToken ct, DeployTimings? timings = null)
    {
        var paths = KilnPaths.FromEnvironment();
        var clock = TimeProvider.System;
        var run = RunId.New(clock);
        timings ??= new DeployTimings();
        var spec = s.Spec();
        // Two deploys of one group would both read the same "group in service" and race: the second is refused (exit 2).
        using var groupLock = DeployLock.Acquire(paths, spec, s.Group, run);
        await using var history = await RunStoreFactory.OpenAsync(s.Db ?? Environment.GetEnvironmentVariable("KILN_DB"), paths, ct);
        await using var cloud = await CloudConnector.ConnectAsync(spec, paths, ct);
        await using var log = new RunLogWriter(history, run, s.Json ? Console.Error : Console.Out, clock);
        var engine = new DeployEngine(Provider(cloud, timings), history, clock, timings);
        var request = complete(new DeployRequest(run, kind, s.Family(), s.Group, strategy, arguments));
        return await engine.RunAsync(request, log, null, ct);
    }

    /// <summary>The reader of a deploy's groups on the cloud (the server's groups page).</summary>
    public static Core.Groups.IGroupStateReader Reader(ConnectedCloud cloud) => cloud.Cloud switch
    {
        AwsCloud aws => new AwsGroupReader(aws),
        GceCloud gce => new GceGroupReader(gce),
        var other => throw new KilnInputException($"deploy groups are not read on {other.Describe}"),
    };

    /// <summary>The deploy port of the cloud: Auto Scaling groups on EC2, managed instance groups on Compute Engine.</summary>
    public static IDeployProvider Provider(ConnectedCloud cloud, DeployTimings timings) => cloud.Cloud switch
    {
        AwsCloud aws => new AwsDeployProvider(aws, timings),
        GceCloud gce => new GceDeployProvider(gce, timings),
        var other => throw new KilnInputException($"deploy and rollback do not run on {other.Describe}"),
    };
}
