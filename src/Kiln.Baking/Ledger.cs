using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Baking;

/// <summary>The run's durable record of what it made. Written the moment a cloud call returns an id, before
/// anything else, so `kiln gc` can finish a run that was killed. Audit writes: they are not cancelled with the
/// bake (a resource that exists must be on record), and a failure to write fails the step.</summary>
public sealed class Ledger(IRunStore store, RunId run)
{
    public Task CreatedAsync(ResourceKind kind, string id) =>
        store.RecordResourceAsync(run, kind, id, CancellationToken.None);

    public Task CleanedAsync(ResourceKind kind, string id) =>
        store.SetResourceStateAsync(run, kind, id, CleanupState.Cleaned, CancellationToken.None);

    public Task KeptAsync(ResourceKind kind, string id) =>
        store.SetResourceStateAsync(run, kind, id, CleanupState.Kept, CancellationToken.None);
}
