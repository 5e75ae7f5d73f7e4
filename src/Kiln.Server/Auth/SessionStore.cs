using System.Security.Cryptography;
using Dapper;
using Kiln.Server.Database;

namespace Kiln.Server.Auth;

/// <summary>How long a web session lives: it ends after <see cref="Idle"/> without a request, and after
/// <see cref="Absolute"/> whatever happens (kiln.yml `serve: session_idle / session_lifetime`).</summary>
public sealed record SessionLifetime(TimeSpan Idle, TimeSpan Absolute)
{
    public static readonly SessionLifetime Default = new(TimeSpan.FromHours(12), TimeSpan.FromDays(7));
}

/// <summary>One row per login (`kiln_sessions`). The cookie carries only the row's random id; the user and role come
/// from the database on every request, so deleting the row (logout) or the user ends the session on every worker.</summary>
public sealed class SessionStore(ServerDatabase db, TimeProvider clock)
{
    /// <summary>Last-seen times are written at most this often: one write a minute per session, not one per request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public sealed record Session(string Id, KilnUser User, DateTimeOffset Created, DateTimeOffset Seen);
    // Internal, not private: Dapper.AOT's generated reader, in another class, constructs it by name.
    internal sealed record Row(string id, string name, string role, long user_created_ms, long created_ms, long seen_ms);

    public async Task<string> CreateAsync(string user, CancellationToken ct)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO kiln_sessions (id, user_name, created_ms, seen_ms) VALUES (@id, @user, @now, @now)",
            new { id, user, now, ct });
        return id;
    }

    /// <summary>The live session with its user as the database has them now; null (and the row gone) when it was
    /// ended or has outlived either lifetime.</summary>
    public async Task<Session?> FindAsync(string id, SessionLifetime lifetime, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(
            "SELECT s.id, u.name, u.role, u.created_ms AS user_created_ms, s.created_ms, s.seen_ms FROM kiln_sessions s " +
            "JOIN kiln_users u ON u.name = s.user_name WHERE s.id = @id", new { id, ct });
        if (row is null) return null;
        var now = clock.GetUtcNow();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(row.created_ms);
        var seen = DateTimeOffset.FromUnixTimeMilliseconds(row.seen_ms);
        if (now - created > lifetime.Absolute || now - seen > lifetime.Idle)
        {
            await c.ExecuteAsync("DELETE FROM kiln_sessions WHERE id = @id", new { id, ct });
            return null;
        }
        if (now - seen > TouchEvery)
            await c.ExecuteAsync("UPDATE kiln_sessions SET seen_ms = @t WHERE id = @id",
                new { id, t = now.ToUnixTimeMilliseconds(), ct });
        var user = new KilnUser(row.name, Roles.TryParse(row.role, out var role) ? role : Role.Viewer,
            DateTimeOffset.FromUnixTimeMilliseconds(row.user_created_ms));
        return new Session(row.id, user, created, seen);
    }

    public async Task EndAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM kiln_sessions WHERE id = @id", new { id, ct });
    }

    public async Task<int> CountAsync(string user, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM kiln_sessions WHERE user_name = @user", new { user, ct });
    }
}
