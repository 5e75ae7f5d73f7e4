using Kiln.Core.Runs;

namespace Kiln.History;

/// <summary>An opened history database: the run store, the family lock, and the connections behind them.</summary>
public interface IRunHistory : IRunStore, IFamilyLock, IAsyncDisposable
{
    /// <summary>Where the history lives, safe to print: `sqlite:/path` or `postgres://user@host:port/db` (no password).</summary>
    string Location { get; }

    /// <summary>Applies pending schema migrations. Every other call does this first when it has not been done yet;
    /// calling it right after opening surfaces a bad connection before any work starts.</summary>
    Task MigrateAsync(CancellationToken ct);
}
