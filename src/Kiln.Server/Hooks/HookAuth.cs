using System.Security.Cryptography;
using System.Text;
using Kiln.Server.Auth;

namespace Kiln.Server.Hooks;

/// <summary>Who sent a push hook: an operator's (or admin's) API token as `Authorization: Bearer` (Gitea's
/// authorization header, curl) or as `X-Gitlab-Token` (GitLab's secret token); or, when the server has a hook secret
/// (KILN_HOOK_SECRET), a delivery signed with it: GitHub's `X-Hub-Signature-256` and Gitea's `X-Gitea-Signature`
/// (HMAC-SHA256 of the body), since GitHub sends no token of its own.</summary>
public static class HookAuth
{
    public const string SecretVariable = "KILN_HOOK_SECRET";
    public const string SignedUser = "git-hook";

    /// <summary>The user the runs are started as, or null (401).</summary>
    public static async Task<string?> UserAsync(HttpContext ctx, byte[] body, UserStore users, string? hookSecret, CancellationToken ct)
    {
        if (ctx.User.Identity?.IsAuthenticated == true)
            return Principals.RoleOf(ctx.User) >= Role.Operator ? Principals.Name(ctx.User) : null;
        if (ctx.Request.Headers["X-Gitlab-Token"].ToString() is { Length: > 0 } token)
            return await users.FindTokenUserAsync(Accounts.HashToken(token), ct) is { Role: >= Role.Operator } user ? user.Name : null;
        if (string.IsNullOrEmpty(hookSecret)) return null;
        var signature = ctx.Request.Headers["X-Hub-Signature-256"].ToString() is { Length: > 0 } hub ? hub
            : ctx.Request.Headers["X-Gitea-Signature"].ToString();
        if (signature.StartsWith("sha256=", StringComparison.Ordinal)) signature = signature[7..];
        if (signature.Length != 64) return null;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(hookSecret), body);
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return null; }
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignedUser : null;
    }
}
