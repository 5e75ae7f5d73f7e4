using System.Data.Common;
using System.Reflection;
using Dapper;

namespace Kiln.Server.Database;

/// <summary>Versioned schema changes for the server's tables, applied once each, in order, at start. Each file is
/// `NNN_name.{all|sqlite|postgres}.sql` (embedded). On PostgreSQL an advisory lock makes workers that start together
/// apply them once.</summary>
public static class ServerMigrations
{
    private const long AdvisoryLockKey = 0x6B696C6E_73727672; // "kilnsrvr"

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> For(DatabaseKind kind)
    {
        var assembly = typeof(ServerMigrations).Assembly;
        var dialect = kind == DatabaseKind.Sqlite ? "sqlite" : "postgres";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Database.Sql.", StringComparison.Ordinal))
            .Select(n => (Resource: n, File: n[(n.IndexOf(".Database.Sql.", StringComparison.Ordinal) + 14)..]))
            .Where(x => x.File.EndsWith(".all.sql", StringComparison.Ordinal) || x.File.EndsWith($".{dialect}.sql", StringComparison.Ordinal))
            .Select(x => new Migration(int.Parse(x.File[..3]), x.File, Read(assembly, x.Resource)))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public static async Task<IReadOnlyList<string>> ApplyAsync(ServerDatabase db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (db.Kind == DatabaseKind.Postgres)
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, tx);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS kiln_server_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)",
            transaction: tx);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM kiln_server_migrations", transaction: tx)).ToHashSet();
        var done = new List<string>();
        foreach (var migration in For(db.Kind).Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(migration.Sql, transaction: tx);
            await connection.ExecuteAsync("INSERT INTO kiln_server_migrations (version, name, applied_ms) VALUES (@v, @n, @t)",
                new { v = migration.Version, n = migration.Name, t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            done.Add(migration.Name);
        }
        await tx.CommitAsync(ct);
        return done;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
