using Kiln.Core.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Jobs;

/// <summary>With SQLite there is one worker and no cluster check-in: at start, runs still marked running whose
/// process on this host is gone were left by a server that died; they are finished as interrupted and swept.
/// A pid alone does not say the process is alive: after a restart of the machine another process may hold it, so the
/// run is judged by its process's start time too (<see cref="RunLiveness"/>, as `kiln gc` judges).</summary>
public static class OrphanedRuns
{
    public static async Task RecoverAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IRunStore>();
        var worker = services.GetRequiredService<WorkerIdentity>();
        var interrupted = services.GetRequiredService<InterruptedRuns>();
        foreach (var verdict in await RunLiveness.JudgeUnfinishedAsync(store, worker.Host, new ProcProcessTable(), ct))
        {
            var run = verdict.Run;
            // This server's own runs started after it did, and are judged alive; a run with its pid from before is not.
            if (!verdict.Dead) continue;
            var request = new RunRequest(run.Id, run.Job ?? run.Kind, run.User, "recovery", run.Started);
            await interrupted.RecoverAsync(request, $"its server stopped during the run: {verdict.Reason}", ct);
        }
    }
}
