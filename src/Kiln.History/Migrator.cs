using System.Data.Common;
using Dapper;

namespace Kiln.History;

/// <summary>Applies the catalog's pending scripts in one transaction and records each in `schema_migrations`.
/// SQLite: the transaction is BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default), so a second process starting at the
/// same moment waits for the write lock and then sees the versions already applied. PostgreSQL: a transaction-scoped
/// advisory lock does the same, since CREATE TABLE IF NOT EXISTS alone races there.</summary>
internal static class Migrator
{
    internal static readonly long PostgresLockKey = AdvisoryKey.For("kiln:schema-migrations");

    public static async Task<int> ApplyAsync(DbConnection connection, SqlDialect dialect, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (dialect == SqlDialect.Postgres)
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLockKey, ct }, tx);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)", new { ct }, tx);
        var done = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations", new { ct }, tx)).ToHashSet();
        var applied = 0;
        var catalog = MigrationCatalog.For(dialect);
        foreach (var migration in catalog.Where(m => !done.Contains(m.Version)))
        {
            await connection.ExecuteAsync(migration.Sql, transaction: tx);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (@Version, @Name, @applied)", new { migration.Version, migration.Name, applied = clock.GetUtcNow().ToUnixTimeMilliseconds(), ct }, tx);
            applied++;
        }
        // SQLite: the newest version applied, in the file's header, lets the next open skip this transaction
        // (SqliteRunStore.IsCurrentAsync). A file migrated by a newer Kiln keeps its higher number.
        if (dialect == SqlDialect.Sqlite)
            await connection.ExecuteAsync(
                $"PRAGMA user_version = {done.Concat(catalog.Select(m => (long)m.Version)).Max()}", transaction: tx);
        await tx.CommitAsync(ct);
        return applied;
    }
}
