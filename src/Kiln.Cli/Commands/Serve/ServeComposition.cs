using Kiln.History;
using Kiln.Server;
using Kiln.Server.Jobs;

namespace Kiln.Cli.Commands.Serve;

/// <summary>Puts the server together from the parts of this build: the jobs of kiln.yml, the history, and one
/// executor per job kind. A kind whose engine is not in this build fails its runs with a clear message.</summary>
public static class ServeComposition
{
    public static IJobCatalog LoadJobs(string dir) => KilnYmlJobs.Load(dir);

    public static Task<ServerParts> PartsAsync(IRunHistory history, IJobCatalog jobs, string dir, CancellationToken ct) =>
        Task.FromResult(new ServerParts
        {
            History = history, Jobs = jobs,
            Executors =
            [
                new NotAvailableExecutor(JobKind.Bake, "the bake engine is not part of this build"),
                new NotAvailableExecutor(JobKind.Prune, "the pruner is not part of this build"),
                new NotAvailableExecutor(JobKind.Deploy, "blue/green deploy is not part of this build yet"),
            ],
        });
}
