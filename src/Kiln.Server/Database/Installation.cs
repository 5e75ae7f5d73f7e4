using System.Security.Cryptography;
using Dapper;

namespace Kiln.Server.Database;

/// <summary>This installation's random id (`kiln_installation`), made by the first server to start on the database.
/// It is the Data Protection application name: two installations never read each other's cookies, even when they
/// share an OS user, a directory or a key directory.</summary>
public sealed class Installation
{
    private string? _id;

    public string Id => _id ?? throw new InvalidOperationException("the installation id is read at start, before the first request");

    public async Task LoadAsync(ServerDatabase db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO kiln_installation (id) SELECT @fresh WHERE NOT EXISTS (SELECT 1 FROM kiln_installation)", new { fresh }, cancellationToken: ct));
        _id = await c.ExecuteScalarAsync<string>(new CommandDefinition("SELECT MIN(id) FROM kiln_installation", cancellationToken: ct));
    }
}
