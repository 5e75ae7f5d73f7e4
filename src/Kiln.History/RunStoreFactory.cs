using Kiln.Core;

namespace Kiln.History;

/// <summary>Opens the history named by `--db` (or configuration): null or `sqlite:PATH` → SQLite,
/// `postgres://…` or `Host=…` → PostgreSQL.</summary>
public static class RunStoreFactory
{
    /// <summary>Validates and builds the store; nothing is connected yet (the schema is migrated on first use).
    /// Bad text → <see cref="KilnInputException"/>.</summary>
    public static IRunHistory Open(string? db, KilnPaths paths, TimeProvider? clock = null) => HistoryTarget.Parse(db, paths) switch
    {
        HistoryTarget.Sqlite s => new SqliteRunStore(s.Path, clock),
        HistoryTarget.Postgres p => new PostgresRunStore(p.ConnectionString, clock),
        var other => throw new InvalidOperationException($"unknown history target {other}"),
    };

    /// <summary>Opens, connects and migrates now, so an unreachable database fails before a run starts.</summary>
    public static async Task<IRunHistory> OpenAsync(string? db, KilnPaths paths, CancellationToken ct, TimeProvider? clock = null)
    {
        var history = Open(db, paths, clock);
        try
        {
            await history.MigrateAsync(ct);
            return history;
        }
        catch
        {
            await history.DisposeAsync();
            throw;
        }
    }
}
