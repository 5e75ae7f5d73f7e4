using Dapper;
using Kiln.Server.Database;

namespace Kiln.Server.Auth;

/// <summary>Users and API tokens in the server database. Passwords are stored as ASP.NET Core Identity hashes,
/// tokens as SHA-256 hashes only: the database never holds a usable secret. Names are found regardless of case
/// (a unique index on lower(name) keeps `ADMIN` from sitting next to `admin`); the stored spelling is the user's name.</summary>
public sealed class UserStore(ServerDatabase db, TimeProvider clock)
{
    // Internal, not private: Dapper.AOT's generated readers, in another class, construct them by name.
    internal sealed record UserRow(string name, string role, string password_hash, long created_ms);
    internal sealed record TokenRow(string id, string user_name, string label, long created_ms, long? last_used_ms);

    public async Task<bool> AddUserAsync(string name, Role role, string passwordHash, CancellationToken ct)
    {
        if (await FindUserAsync(name, ct) is not null) return false;
        await using var c = await db.OpenAsync(ct);
        // Constant SQL (ON CONFLICT works in SQLite and PostgreSQL): for SQL built at run time with a token in the
        // parameters, Dapper.AOT 1.1.0 generates code that does not compile.
        var rows = await c.ExecuteAsync(
            "INSERT INTO kiln_users (name, role, password_hash, created_ms) VALUES (@name, @role, @hash, @t) ON CONFLICT (name) DO NOTHING",
            new { name, role = Roles.Name(role), hash = passwordHash, t = Now(), ct });
        return rows == 1;
    }

    public async Task<(KilnUser User, string PasswordHash)?> FindUserAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(
            "SELECT name, role, password_hash, created_ms FROM kiln_users WHERE lower(name) = lower(@name)", new { name, ct });
        return row is null ? null : (ToUser(row), row.password_hash);
    }

    public async Task<IReadOnlyList<KilnUser>> ListUsersAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(
            "SELECT name, role, password_hash, created_ms FROM kiln_users ORDER BY name", new { ct });
        return rows.Select(ToUser).ToList();
    }

    public async Task SetPasswordAsync(string name, string passwordHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE kiln_users SET password_hash = @hash WHERE name = @name",
            new { name, hash = passwordHash, ct });
    }

    /// <summary>A new role and/or password; either ends the user's web sessions in the same transaction.</summary>
    public async Task ChangeUserAsync(string name, Role? role, string? passwordHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (role is { } r) await c.ExecuteAsync("UPDATE kiln_users SET role = @role WHERE name = @name", new { name, role = Roles.Name(r) }, tx);
        if (passwordHash is not null)
            await c.ExecuteAsync("UPDATE kiln_users SET password_hash = @hash WHERE name = @name", new { name, hash = passwordHash }, tx);
        await c.ExecuteAsync("DELETE FROM kiln_sessions WHERE user_name = @name", new { name }, tx);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes the user, their tokens and their web sessions together.</summary>
    public async Task<bool> DeleteUserAsync(string name, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("DELETE FROM kiln_tokens WHERE user_name = @name", new { name }, tx);
        await c.ExecuteAsync("DELETE FROM kiln_sessions WHERE user_name = @name", new { name }, tx);
        var rows = await c.ExecuteAsync("DELETE FROM kiln_users WHERE lower(name) = lower(@name)", new { name }, tx);
        await tx.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<int> CountAdminsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM kiln_users WHERE role = 'admin'", new { ct });
    }

    public async Task AddTokenAsync(ApiToken token, string tokenHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO kiln_tokens (id, user_name, label, token_hash, created_ms) VALUES (@id, @user, @label, @hash, @t)",
            new { id = token.Id, user = token.User, label = token.Label, hash = tokenHash, t = token.Created.ToUnixTimeMilliseconds(), ct });
    }

    /// <summary>The token's owner, or null; marks the token used.</summary>
    public async Task<KilnUser?> FindTokenUserAsync(string tokenHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<UserRow>(
            "SELECT u.name, u.role, u.password_hash, u.created_ms FROM kiln_tokens t JOIN kiln_users u ON u.name = t.user_name WHERE t.token_hash = @tokenHash",
            new { tokenHash, ct });
        if (row is null) return null;
        await c.ExecuteAsync("UPDATE kiln_tokens SET last_used_ms = @t WHERE token_hash = @tokenHash",
            new { tokenHash, t = Now(), ct });
        return ToUser(row);
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<TokenRow>(
            "SELECT id, user_name, label, created_ms, last_used_ms FROM kiln_tokens ORDER BY created_ms", new { ct });
        return rows.Select(r => new ApiToken(r.id, r.user_name, r.label, FromMs(r.created_ms),
            r.last_used_ms is { } used ? FromMs(used) : null)).ToList();
    }

    public async Task<bool> DeleteTokenAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM kiln_tokens WHERE id = @id", new { id, ct }) == 1;
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    private static KilnUser ToUser(UserRow r) =>
        new(r.name, Roles.TryParse(r.role, out var role) ? role : Role.Viewer, FromMs(r.created_ms));
}
