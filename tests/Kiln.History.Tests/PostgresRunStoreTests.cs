using Dapper;
using Npgsql;
using Kiln.Tests.Shared;

namespace Kiln.History.Tests;

public sealed class PostgresRunStoreTests : RunStoreContract
{
    private TestPostgres? _db;

    public override async Task InitializeAsync() => _db = await TestPostgres.CreateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null) await _db.DisposeAsync();
    }

    protected override IRunHistory NewStore(TimeProvider clock)
    {
        Skip.If(_db is null, TestPostgres.SkipReason);
        return new PostgresRunStore(_db!.ConnectionString, clock);
    }

    private protected override SqlDialect Dialect => SqlDialect.Postgres;

    private protected override async Task<IReadOnlyList<long>> AppliedVersionsAsync(IRunHistory store)
    {
        await using var c = new NpgsqlConnection(_db!.ConnectionString);
        return [.. await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")];
    }

    /// <summary>Another session takes the advisory lock, then is terminated by the server, as when its worker dies.</summary>
    protected override async Task LeaveLockOfDeadHolderAsync(IRunHistory store, string family, string run)
    {
        var holder = new NpgsqlConnection(_db!.ConnectionString + ";Pooling=false");
        await holder.OpenAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = PostgresFamilyLock.KeyOf(family) });
        var pid = await holder.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        Assert.Null(await store.TryAcquireFamilyAsync(family, new Kiln.Core.RunId("probe"), TimeSpan.Zero, Ct));
        await using (var admin = new NpgsqlConnection(_db.ConnectionString))
        {
            await admin.OpenAsync();
            Assert.True(await admin.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid }));
        }
        await Assert.ThrowsAnyAsync<Exception>(() => holder.ExecuteAsync("SELECT 1"));
        await holder.DisposeAsync();
    }
}
