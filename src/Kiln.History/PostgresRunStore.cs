using System.Data.Common;
using Kiln.Core;
using Npgsql;

namespace Kiln.History;

/// <summary>The history in PostgreSQL, for several `kiln serve` workers sharing one database.</summary>
public sealed class PostgresRunStore : SqlRunStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PostgresFamilyLock _familyLock;

    public PostgresRunStore(string connectionString, TimeProvider? clock = null) : base(clock ?? TimeProvider.System)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "kiln";
        Location = Describe(builder);
        _source = NpgsqlDataSource.Create(builder);
        _familyLock = new PostgresFamilyLock(_source, Clock);
    }

    public override string Location { get; }
    internal override SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>The connection without its password, for messages and `kiln runs` headers.</summary>
    internal static string Describe(NpgsqlConnectionStringBuilder b) => $"postgres://{b.Username}@{b.Host}:{b.Port}/{b.Database}";

    private protected override async ValueTask<DbConnection> ConnectAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override Task<IAsyncDisposable?> TryAcquireFamilyAsync(string family, RunId run, TimeSpan wait, CancellationToken ct)
        => _familyLock.TryAcquireAsync(family, wait, ct);

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
