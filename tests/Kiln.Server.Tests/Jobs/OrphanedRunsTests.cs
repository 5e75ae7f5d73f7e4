using System.Diagnostics;
using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Jobs;

/// <summary>At a SQLite server's start, runs a dead server left running are finished as interrupted; runs whose
/// process lives are not.</summary>
public sealed class OrphanedRunsTests
{
    [Fact]
    public async Task A_run_whose_pid_now_belongs_to_a_later_process_is_interrupted_and_a_run_of_a_live_process_is_kept()
    {
        await using var server = await TestServer.StartAsync([]);
        using var other = Process.Start("sleep", "60")!;
        try
        {
            var host = server.Server.Worker.Host;
            // The pid was the dead server's an hour ago; after a restart of the machine another process holds it.
            await server.Store.CreateRunAsync(new RunStart(new RunId("kiln-reused"), "bake", "fam", "bake", "alice", "local",
                DateTimeOffset.UtcNow.AddHours(-1), host, other.Id), default);
            await server.Store.CreateRunAsync(new RunStart(new RunId("kiln-live"), "bake", "fam", "bake", "alice", "local",
                DateTimeOffset.UtcNow, host, other.Id), default);
            await server.Store.CreateRunAsync(new RunStart(new RunId("kiln-elsewhere"), "bake", "fam", "bake", "alice", "local",
                DateTimeOffset.UtcNow.AddHours(-1), "another-host", 1), default);

            await OrphanedRuns.RecoverAsync(server.Server.Services, default);

            var reused = (await server.Store.GetRunAsync(new RunId("kiln-reused"), default))!.Run;
            Assert.Equal(RunOutcome.Interrupted, reused.Outcome);
            Assert.Contains($"its process {other.Id} is gone (the pid now belongs to a process started", reused.Error);
            Assert.Equal(RunOutcome.Running, (await server.Store.GetRunAsync(new RunId("kiln-live"), default))!.Run.Outcome);
            Assert.Equal(RunOutcome.Running, (await server.Store.GetRunAsync(new RunId("kiln-elsewhere"), default))!.Run.Outcome);
        }
        finally
        {
            other.Kill();
        }
    }
}
