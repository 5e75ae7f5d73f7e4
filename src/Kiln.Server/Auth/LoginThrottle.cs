using Dapper;
using Kiln.Server.Database;

namespace Kiln.Server.Auth;

/// <summary>How many failures a user name and a client address get before back-off starts. After that each further
/// failure locks the key for twice as long as the one before (5 s, 10 s, 20 s … at most <see cref="MaxLock"/>); a key
/// quiet for <see cref="Forget"/> starts again from zero.</summary>
public sealed record ThrottleLimits(int FreePerUser = 5, int FreePerAddress = 20, TimeSpan? FirstLock = null)
{
    public TimeSpan First => FirstLock ?? TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxLock = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Forget = TimeSpan.FromHours(1);
}

/// <summary>Failed logins and token checks, counted per user name (`user:NAME`, lower case) and per client address
/// (`addr:IP`) in the database, so every worker of a cluster sees the same counts and `kiln users unlock` can clear
/// them. A locked key is refused before any password is checked: while locked, the right password does not log in.</summary>
public sealed class LoginThrottle(ServerDatabase db, TimeProvider clock, ThrottleLimits limits)
{
    // Internal, not private: Dapper.AOT's generated reader, in another class, constructs it by name.
    internal sealed record Row(string throttle_key, long failures, long locked_until_ms, long last_ms);

    public static string UserKey(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        return "user:" + (key.Length > 128 ? key[..128] : key);
    }
    public static string AddressKey(string address) => "addr:" + address;
    public static string Address(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>How long the longest lock among the keys still lasts; null when none is locked.</summary>
    public async Task<TimeSpan?> LockedForAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        long until = 0;
        // One key at a time: Dapper expands `IN @keys` for SQLite but hands Npgsql an array.
        foreach (var key in keys)
            until = Math.Max(until, await c.ExecuteScalarAsync<long?>(
                "SELECT locked_until_ms FROM kiln_login_throttle WHERE throttle_key = @key", new { key, ct }) ?? 0);
        var left = DateTimeOffset.FromUnixTimeMilliseconds(until) - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public async Task FailAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        foreach (var key in keys)
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(
                "SELECT throttle_key, failures, locked_until_ms, last_ms FROM kiln_login_throttle WHERE throttle_key = @key", new { key, ct });
            var failures = row is null || now - DateTimeOffset.FromUnixTimeMilliseconds(row.last_ms) > ThrottleLimits.Forget ? 1 : row.failures + 1;
            var over = failures - (key.StartsWith("user:", StringComparison.Ordinal) ? limits.FreePerUser : limits.FreePerAddress);
            var lockFor = over <= 0 ? TimeSpan.Zero
                : TimeSpan.FromSeconds(Math.Min(limits.First.TotalSeconds * Math.Pow(2, Math.Min(over - 1, 20)), ThrottleLimits.MaxLock.TotalSeconds));
            await c.ExecuteAsync(
                "INSERT INTO kiln_login_throttle (throttle_key, failures, locked_until_ms, last_ms) VALUES (@key, @failures, @until, @now) " +
                "ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, locked_until_ms = excluded.locked_until_ms, last_ms = excluded.last_ms",
                new { key, failures, until = (now + lockFor).ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds(), ct });
        }
    }

    /// <summary>Forgets a key's failures: after a good login (its user name), or `kiln users unlock`.</summary>
    public async Task<bool> ResetAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM kiln_login_throttle WHERE throttle_key = @key", new { key, ct }) > 0;
    }
}
