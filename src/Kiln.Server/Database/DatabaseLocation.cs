using Kiln.Core;
using Npgsql;

namespace Kiln.Server.Database;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>Where the server keeps its state: `sqlite:PATH` (default: the history database under KILN_HOME) or
/// `postgres://user:password@host:port/db`. ToString never shows the password.</summary>
public sealed record DatabaseLocation(DatabaseKind Kind, string ConnectionString, string Display)
{
    public override string ToString() => Display;

    public static DatabaseLocation Parse(string? db, KilnPaths paths)
    {
        if (string.IsNullOrWhiteSpace(db)) return Sqlite(paths.HistoryDatabase);
        if (db.StartsWith("sqlite:", StringComparison.Ordinal)) return Sqlite(Path.GetFullPath(db["sqlite:".Length..]));
        if (db.StartsWith("postgres://", StringComparison.Ordinal) || db.StartsWith("postgresql://", StringComparison.Ordinal))
            return Postgres(db);
        throw new KilnInputException([$"--db '{db}' is neither sqlite:PATH nor postgres://user:password@host:port/database"]);
    }

    private static DatabaseLocation Sqlite(string path) =>
        new(DatabaseKind.Sqlite, $"Data Source={path};Default Timeout=30;Pooling=True", $"sqlite:{path}");

    private static DatabaseLocation Postgres(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.AbsolutePath.Trim('/').Length == 0)
            throw new KilnInputException([$"--db: '{Redact(url)}' is not postgres://user:password@host:port/database"]);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
            Username = Uri.UnescapeDataString(user[0]),
        };
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        return new DatabaseLocation(DatabaseKind.Postgres, builder.ConnectionString, Redact(url));
    }

    private static string Redact(string url)
    {
        var at = url.IndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0) return url;
        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':');
        return colon < 0 ? url : url[..(scheme + 3)] + userInfo[..colon] + ":***" + url[at..];
    }
}
