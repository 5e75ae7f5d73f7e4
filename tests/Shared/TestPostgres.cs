using Dapper;
using Npgsql;

namespace Kiln.Tests.Shared;

/// <summary>The test PostgreSQL (scripts/test-services.sh), compiled into each test project that needs it. Each test
/// gets its own schema, dropped afterwards, so tests run in parallel on one database. Missing under test.sh or CI: the
/// test fails. Missing when a developer runs `dotnet test` alone: it is skipped, saying how to get one.</summary>
internal sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "KILN_TEST_POSTGRES";
    private readonly string _admin;

    private TestPostgres(string admin, string schema, string connectionString) =>
        (_admin, Schema, ConnectionString) = (admin, schema, connectionString);

    public string Schema { get; }
    /// <summary>Search Path set to this test's schema.</summary>
    public string ConnectionString { get; }

    public static bool Required =>
        Environment.GetEnvironmentVariable("KILN_TEST_SERVICES_REQUIRED") == "1" || Environment.GetEnvironmentVariable("CI") == "true";

    public static string SkipReason =>
        $"{Variable} is not set: run ./scripts/test-services.sh, then `. /tmp/kiln-test-services.env` (./test.sh does both)";

    /// <summary>Null when there is no test PostgreSQL and it is not required; throws when it is required.</summary>
    public static async Task<TestPostgres?> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            if (Required) throw new InvalidOperationException($"{Variable} is not set, and the tests run under test.sh or CI: scripts/test-services.sh must provide it");
            return null;
        }
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await c.ExecuteAsync($"CREATE SCHEMA {schema}");
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
        return new TestPostgres(admin, schema, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await c.ExecuteAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
    }
}
