using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kiln.Server.Database;

/// <summary>Opens connections to the server's database. SQLite gets WAL so the web UI can read while a run
/// writes its log; PostgreSQL connections come from Npgsql's pool.</summary>
public sealed class ServerDatabase(DatabaseLocation location)
{
    public DatabaseLocation Location => location;
    public DatabaseKind Kind => location.Kind;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = Kind == DatabaseKind.Sqlite
            ? new SqliteConnection(location.ConnectionString)
            : new NpgsqlConnection(location.ConnectionString);
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return connection;
    }
}
