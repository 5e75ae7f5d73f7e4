using Microsoft.Extensions.Logging;

namespace Kiln.Server.Auth;

/// <summary>The first admin: when no admin exists and KILN_ADMIN_PASSWORD is set, `kiln serve` creates user
/// `admin` with it (KILN_ADMIN_USER overrides the name). Otherwise `kiln users add NAME --role admin` does.</summary>
public static class AdminBootstrap
{
    public static async Task EnsureAsync(Accounts accounts, string? user, string? password, ILogger log, CancellationToken ct)
    {
        if (await accounts.Store.CountAdminsAsync(ct) > 0) return;
        if (string.IsNullOrEmpty(password))
        {
            log.LogWarning("no admin user yet: run `kiln users add NAME --role admin`, or start with KILN_ADMIN_PASSWORD set");
            return;
        }
        var name = string.IsNullOrWhiteSpace(user) ? "admin" : user;
        if (await accounts.Store.FindUserAsync(name, ct) is not null) return;
        await accounts.AddUserAsync(name, "admin", password, ct);
        log.LogInformation("created admin user '{User}' from KILN_ADMIN_PASSWORD", name);
    }
}
