using Kiln.Core.Cloud;
using Kiln.History;
using Kiln.Server.Families;
using Kiln.Server.Groups;
using Kiln.Server.Jobs;

namespace Kiln.Server;

/// <summary>What the host (the CLI, or a test) plugs into the server: the history, the jobs of kiln.yml, one executor
/// per job kind, the cloud (families page, lineage), the deploy groups' readers and the sweeper that cleans up after a dead worker.</summary>
public sealed record ServerParts
{
    /// <summary>The run history (its store and its family lock, the same one `kiln bake` takes), opened on the
    /// database in <see cref="ServerOptions.Database"/>; the server migrates it at start.</summary>
    public required IRunHistory History { get; init; }
    public required IJobCatalog Jobs { get; init; }
    public IReadOnlyList<IJobExecutor> Executors { get; init; } = [];
    public ICloud? Cloud { get; init; }
    /// <summary>Reads the groups of deploy jobs on their clouds (groups page, and the groups on the families page).</summary>
    public IGroupReaders? Groups { get; init; }
    public IResourceSweeper Sweeper { get; init; } = new NoResourceSweeper();
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>kiln.yml's `smtp:`, for `email:` notifications.</summary>
    public Kiln.Core.Jobs.SmtpSettings? Smtp { get; init; }
}
