using Kiln.Core;
using Kiln.History;

namespace Kiln.Server.Database;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>The server's database: the history's (`--db`, parsed by <see cref="HistoryTarget"/>), where the server
/// keeps its own tables too. ToString never shows the password.</summary>
public sealed record DatabaseLocation(DatabaseKind Kind, string ConnectionString, string Display, string? Db)
{
    public override string ToString() => Display;

    public static DatabaseLocation Parse(string? db, KilnPaths paths) => HistoryTarget.Parse(db, paths) switch
    {
        HistoryTarget.Sqlite s => new(DatabaseKind.Sqlite, $"Data Source={s.Path};Default Timeout=30;Pooling=True", $"sqlite:{s.Path}", db),
        HistoryTarget.Postgres p => new(DatabaseKind.Postgres, p.ConnectionString, p.Location, db),
        var other => throw new InvalidOperationException($"unknown database {other}"),
    };
}
