namespace Kiln.History.Tests;

public sealed class MigrationCatalogTests
{
    private static readonly string[] Files =
        ["001_initial.sql", "002_locks.sqlite.sql", "003_log_index.sql", "003_log_index.postgres.sql", "004_pg_only.postgres.sql", "README.md"];

    [Theory]
    [InlineData("Sqlite", "001_initial.sql,002_locks.sqlite.sql,003_log_index.sql")]
    [InlineData("Postgres", "001_initial.sql,003_log_index.postgres.sql,004_pg_only.postgres.sql")]
    public void The_dialects_own_script_wins_and_the_other_dialects_is_skipped(string dialect, string expected) =>
        Assert.Equal(expected, string.Join(',', MigrationCatalog.Select(Files, Enum.Parse<SqlDialect>(dialect)).Select(m => m.File)));

    [Fact]
    public void One_version_with_two_names_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => MigrationCatalog.Select(["001_a.sql", "001_b.sqlite.sql"], SqlDialect.Sqlite));

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void The_embedded_scripts_are_found_in_order_with_their_sql(string name)
    {
        var dialect = Enum.Parse<SqlDialect>(name);
        var migrations = MigrationCatalog.For(dialect);
        Assert.Equal(1, migrations[0].Version);
        Assert.Contains("CREATE TABLE runs", migrations[0].Sql);
        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
        Assert.Equal(dialect == SqlDialect.Sqlite, migrations.Any(m => m.Sql.Contains("CREATE TABLE family_locks")));
    }
}
