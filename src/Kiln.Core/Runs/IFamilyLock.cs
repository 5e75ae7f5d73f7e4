namespace Kiln.Core.Runs;

/// <summary>One run per image family at a time, across processes and (on PostgreSQL) machines: two bakes of one
/// family would both read the same "newest" image and race to publish the next generation.</summary>
public interface IFamilyLock
{
    /// <summary>Takes the family's lock for <paramref name="run"/>, waiting up to <paramref name="wait"/> for the
    /// holder to finish. Null when it is still held by a live run. Dispose the result to release it; a lock whose
    /// holder died is taken over.</summary>
    Task<IAsyncDisposable?> TryAcquireFamilyAsync(string family, RunId run, TimeSpan wait, CancellationToken ct);
}
