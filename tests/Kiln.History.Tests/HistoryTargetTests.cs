using Kiln.Core;
using Npgsql;

namespace Kiln.History.Tests;

public sealed class HistoryTargetTests
{
    private static readonly KilnPaths Paths = new("/tmp/kiln-home-x");

    [Theory]
    [InlineData(null, "/tmp/kiln-home-x/history.db")]
    [InlineData("", "/tmp/kiln-home-x/history.db")]
    [InlineData("sqlite:/var/lib/kiln/h.db", "/var/lib/kiln/h.db")]
    [InlineData("SQLITE:/a/b.db", "/a/b.db")]
    public void Sqlite_targets_resolve_to_a_full_path(string? db, string path) =>
        Assert.Equal(new HistoryTarget.Sqlite(path), HistoryTarget.Parse(db, Paths));

    [Theory]
    [InlineData("postgres://kiln:s3cret@db.internal:6543/history", "db.internal", 6543, "history", "kiln", "s3cret")]
    [InlineData("postgresql://kiln:p%40ss%3Aword@10.0.0.5/history", "10.0.0.5", 5432, "history", "kiln", "p@ss:word")]
    [InlineData("postgres://kiln@[::1]:5433/h", "::1", 5433, "h", "kiln", null)]
    [InlineData("Host=db;Port=5544;Database=history;Username=kiln;Password=s3cret", "db", 5544, "history", "kiln", "s3cret")]
    [InlineData("host=db;database=history;username=kiln", "db", 5432, "history", "kiln", null)]
    public void Postgres_targets_carry_every_part_and_print_no_password(string db, string host, int port, string database, string user, string? password)
    {
        var target = Assert.IsType<HistoryTarget.Postgres>(HistoryTarget.Parse(db, Paths));
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal((host, port, database, user, password), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.Equal($"postgres://{user}@{host}:{port}/{database}", target.Location);
        if (password is not null) Assert.DoesNotContain(password, target.ToString());
    }

    [Fact]
    public void Url_settings_map_to_npgsql_keywords() =>
        Assert.Equal(SslMode.Disable, new NpgsqlConnectionStringBuilder(
            ((HistoryTarget.Postgres)HistoryTarget.Parse("postgres://u:p@h/d?sslmode=disable", Paths)).ConnectionString).SslMode);

    [Theory]
    [InlineData("sqlite:", "names no file")]
    [InlineData("mysql://root:hunter22@db/kiln", "('mysql://…') is not one Kiln knows")]
    [InlineData("hunter22", "is not one Kiln knows")]
    [InlineData("postgres://kiln:hunter22@db/", "names no database")]
    [InlineData("postgres://kiln:hunter22@db/a/b", "names no database")]
    [InlineData("postgres://kiln:hunter22@db/kiln?frobnicate=1", "does not accept: 'frobnicate'")]
    [InlineData("postgres://kiln:hunter22@:5432/kiln", "malformed")]
    [InlineData("Host=db;Password=hunter22;Frobnicate=1", "not a valid PostgreSQL connection string")]
    [InlineData("Database=kiln;Password=hunter22", "names no Host")]
    public void Bad_targets_say_what_is_wrong_and_never_echo_the_password(string db, string expected)
    {
        var e = Assert.Throws<KilnInputException>(() => HistoryTarget.Parse(db, Paths));
        Assert.Contains(expected, e.Message);
        Assert.Contains("sqlite:PATH", e.Message);
        Assert.DoesNotContain("hunter22", e.Message);
    }

    [Fact]
    public void The_factory_opens_the_store_the_target_names()
    {
        Assert.IsType<SqliteRunStore>(RunStoreFactory.Open(null, Paths));
        Assert.IsType<PostgresRunStore>(RunStoreFactory.Open("postgres://u:p@127.0.0.1:1/d", Paths));
        Assert.Equal("postgres://u@127.0.0.1:1/d", RunStoreFactory.Open("postgres://u:p@127.0.0.1:1/d", Paths).Location);
    }
}
