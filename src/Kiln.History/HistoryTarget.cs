using Kiln.Core;
using Npgsql;

namespace Kiln.History;

/// <summary>Where the history lives, parsed from `--db` / configuration before anything is opened.</summary>
public abstract record HistoryTarget
{
    public sealed record Sqlite(string Path) : HistoryTarget;

    /// <summary>ConnectionString holds the password: never print it; print <see cref="Location"/>.</summary>
    public sealed record Postgres(string ConnectionString, string Location) : HistoryTarget
    {
        public override string ToString() => $"Postgres {{ Location = {Location} }}";
    }

    public const string Forms =
        "use sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DATABASE or Host=HOST;Port=PORT;Database=DATABASE;Username=USER;Password=PASSWORD";

    /// <summary>null or empty: the SQLite file in the data directory. Throws <see cref="KilnInputException"/> naming what
    /// is wrong; the text itself is never repeated back, since it may carry a password.</summary>
    public static HistoryTarget Parse(string? db, KilnPaths paths)
    {
        if (string.IsNullOrWhiteSpace(db)) return new Sqlite(paths.HistoryDatabase);
        db = db.Trim();
        if (db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = db["sqlite:".Length..];
            if (path.Length == 0) throw new KilnInputException($"the history database 'sqlite:' names no file; {Forms}");
            return new Sqlite(System.IO.Path.GetFullPath(path));
        }
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromUrl(db);
        if (db.Contains('=')) return FromKeywords(db);
        var scheme = db.Contains("://") ? $" ('{db[..db.IndexOf("://", StringComparison.Ordinal)]}://…')" : "";
        throw new KilnInputException($"the history database{scheme} is not one Kiln knows; {Forms}");
    }

    private static Postgres FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new KilnInputException($"the PostgreSQL URL of the history database is malformed (a password with '@', ':' or '/' must be percent-encoded); {Forms}");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new KilnInputException($"the PostgreSQL URL of the history database names no database (…@HOST:PORT/DATABASE); {Forms}");
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.DnsSafeHost, Port = uri.Port > 0 ? uri.Port : 5432, Database = database,
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=') is var i and > 0
                ? (Uri.UnescapeDataString(pair[..i]), Uri.UnescapeDataString(pair[(i + 1)..])) : (Uri.UnescapeDataString(pair), "");
            try { builder[UrlKeyword(key)] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new KilnInputException($"the PostgreSQL URL of the history database has a setting Npgsql does not accept: '{key}'; {Forms}");
            }
        }
        return new Postgres(builder.ConnectionString, PostgresRunStore.Describe(builder));
    }

    /// <summary>libpq's URL parameter names for the settings people put in URLs.</summary>
    private static string UrlKeyword(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        _ => key,
    };

    private static Postgres FromKeywords(string text)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(text); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new KilnInputException($"the history database is not a valid PostgreSQL connection string (check its keywords and quoting); {Forms}");
        }
        if (string.IsNullOrEmpty(builder.Host))
            throw new KilnInputException($"the PostgreSQL connection string of the history database names no Host; {Forms}");
        return new Postgres(builder.ConnectionString, PostgresRunStore.Describe(builder));
    }
}
