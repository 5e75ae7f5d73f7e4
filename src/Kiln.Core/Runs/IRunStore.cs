namespace Kiln.Core.Runs;

/// <summary>The history: an audit record. Writes must succeed or the run does not report success
/// (unlike the diagnostic log, which never throws). SQLite for one machine, PostgreSQL for several.</summary>
public interface IRunStore
{
    Task CreateRunAsync(RunStart start, CancellationToken ct);
    Task RecordStepAsync(RunId run, StepRecord step, CancellationToken ct);
    /// <summary>Written the moment the resource exists, so a killed run can be finished by `kiln gc`.</summary>
    Task RecordResourceAsync(RunId run, ResourceKind kind, string id, CancellationToken ct);
    Task SetResourceStateAsync(RunId run, ResourceKind kind, string id, CleanupState state, CancellationToken ct);
    Task AppendLogAsync(RunId run, IReadOnlyList<(DateTimeOffset Time, string Stream, string Text)> lines, CancellationToken ct);
    Task FinishRunAsync(RunId run, RunOutcome outcome, string? error, string? image, string? resultJson, CancellationToken ct);

    Task<RunDetails?> GetRunAsync(RunId run, CancellationToken ct);
    Task<IReadOnlyList<RunSummary>> ListRunsAsync(RunQuery query, CancellationToken ct);
    Task<IReadOnlyList<LogLine>> GetLogAsync(RunId run, long afterSeq, int limit, CancellationToken ct);
    /// <summary>Runs whose outcome is still Running: live ones, or ones that died (for gc to decide).</summary>
    Task<IReadOnlyList<RunSummary>> ListUnfinishedRunsAsync(CancellationToken ct);
    /// <summary>Deletes finished runs older than the cutoff; returns how many.</summary>
    Task<int> DeleteRunsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
    /// <summary>The image's inventory, taken at the end of the run's provisioning (`kiln diff`).</summary>
    Task RecordInventoryAsync(RunId run, string imageName, Inventory.ImageInventory inventory, CancellationToken ct);
    /// <summary>The inventory of an image, by its name or id; null when none was recorded.</summary>
    Task<Inventory.RecordedInventory?> FindInventoryAsync(string image, CancellationToken ct);
    /// <summary>Deletes one finished run with its steps, resources and log; false when there is no such run.
    /// (Default: not supported, for stores written before the server needed it.)</summary>
    Task<bool> DeleteRunAsync(RunId run, CancellationToken ct) =>
        throw new NotSupportedException("this run store cannot delete single runs");
}
