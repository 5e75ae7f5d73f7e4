using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Server.Jobs;

/// <summary>Finishes what a dead run left behind: deletes its live temporary resources (the ones its ledger and its
/// `kiln:run-id` tags name) and marks them cleaned. The bake engine's garbage collector implements it.</summary>
public interface IResourceSweeper
{
    Task SweepAsync(RunId run, IRunLog log, CancellationToken ct);
}

/// <summary>For a server without a cloud: says so in the run's log; the resources stay listed as live for `kiln gc`.</summary>
public sealed class NoResourceSweeper : IResourceSweeper
{
    public Task SweepAsync(RunId run, IRunLog log, CancellationToken ct)
    {
        log.Write("kiln", "no resource sweeper configured: run `kiln gc` to remove what this run left behind");
        return Task.CompletedTask;
    }
}
