using Kiln.Cli.Commands.Serve.Executors;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.History;
using Kiln.Server;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve;

/// <summary>Puts the server together from the parts of this build: the jobs of kiln.yml, the history, the cloud,
/// and one executor per job kind (deploy and rollback jobs run on kiln.yml's cloud, else the server's).</summary>
public static class ServeComposition
{
    public static IJobCatalog LoadJobs(string dir) => KilnYmlJobs.Load(dir);

    /// <summary>kiln.yml's `smtp:` (email notifications), or null.</summary>
    public static Kiln.Core.Jobs.SmtpSettings? LoadSmtp(string dir) =>
        File.Exists(Path.Combine(Path.GetFullPath(dir), "kiln.yml")) ? Kiln.Templates.KilnYml.KilnConfigReader.ReadSmtp(dir) : null;

    /// <summary>The server-wide cloud (families page, prune, the sweep after a dead worker): the local cloud unless
    /// KILN_CLOUD says aws (the region from AWS_REGION, default ap-northeast-1), gcp or local-gcp (project and zone from
    /// gcloud's own CLOUDSDK_CORE_PROJECT and CLOUDSDK_COMPUTE_ZONE). Bakes use their kiln.yml's cloud.</summary>
    public static CloudSpec ServerCloud() => Environment.GetEnvironmentVariable("KILN_CLOUD") switch
    {
        "aws" => new CloudSpec(CloudKind.Aws, Environment.GetEnvironmentVariable("AWS_REGION") ?? "ap-northeast-1"),
        "gcp" => new CloudSpec(CloudKind.Gcp)
        {
            Project = Environment.GetEnvironmentVariable("CLOUDSDK_CORE_PROJECT"), Zone = Environment.GetEnvironmentVariable("CLOUDSDK_COMPUTE_ZONE"),
        },
        "local-gcp" => new CloudSpec(CloudKind.LocalGcp)
        {
            Project = Environment.GetEnvironmentVariable("CLOUDSDK_CORE_PROJECT") ?? GceDefaults.LocalProject,
            Zone = Environment.GetEnvironmentVariable("CLOUDSDK_COMPUTE_ZONE") ?? GceDefaults.LocalZone,
        },
        _ => new CloudSpec(CloudKind.Local),
    };

    /// <summary>A server whose cloud cannot be reached still starts: it serves the history, and its runs fail saying
    /// why (e.g. the local cloud not initialised yet) rather than the whole server refusing to start.</summary>
    public static async Task<(ServerParts Parts, IAsyncDisposable? Cloud)> PartsAsync(IRunHistory history, IJobCatalog jobs, CancellationToken ct,
        Kiln.Core.Jobs.SmtpSettings? smtp = null)
    {
        var paths = KilnPaths.FromEnvironment();
        var clock = TimeProvider.System;
        var spec = ServerCloud();
        ConnectedCloud? cloud = null;
        try { cloud = await CloudConnector.ConnectAsync(spec, paths, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"kiln serve: no cloud for the families page and prunes: {e.Message}");
        }
        var readers = new DeployGroupReaders(paths, spec, cloud);
        var parts = new ServerParts
        {
            History = history, Jobs = jobs, Cloud = cloud?.Cloud, Clock = clock, Smtp = smtp,
            Groups = readers,
            Sweeper = new GcSweeper(history, paths, spec, clock),
            Executors =
            [
                new BakeJobExecutor(paths, clock),
                new PruneJobExecutor(paths, spec),
                new DeployJobExecutor(paths, spec, clock),
            ],
        };
        return (parts, new Owned(readers, cloud));
    }

    /// <summary>What the server's parts hold open: the group readers' clouds, then the server's cloud.</summary>
    private sealed class Owned(DeployGroupReaders readers, ConnectedCloud? cloud) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await readers.DisposeAsync();
            if (cloud is not null) await cloud.DisposeAsync();
        }
    }
}
