using Kiln.Core.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Kiln.Server.Jobs;

/// <summary>With SQLite there is one worker and no cluster check-in: at start, runs still marked running whose
/// process on this host is gone were left by a server that died; they are finished as interrupted and swept.</summary>
public static class OrphanedRuns
{
    public static async Task RecoverAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IRunStore>();
        var worker = services.GetRequiredService<WorkerIdentity>();
        var interrupted = services.GetRequiredService<InterruptedRuns>();
        foreach (var run in await store.ListUnfinishedRunsAsync(ct))
        {
            if (run.Host != worker.Host || run.Pid == worker.Pid || IsAlive(run.Pid)) continue;
            var request = new RunRequest(run.Id, run.Job ?? run.Kind, run.User, "recovery", run.Started);
            await interrupted.RecoverAsync(request, $"its server (pid {run.Pid}) stopped during the run", ct);
        }
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }
}
