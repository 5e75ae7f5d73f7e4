using System.Security.Cryptography;
using System.Text;
using Kiln.Core;
using Microsoft.AspNetCore.Identity;

namespace Kiln.Server.Auth;

/// <summary>User and token management shared by the API, the web UI and the CLI (`kiln users add`,
/// `kiln tokens create`): validation, hashing, and the rule that the last admin cannot be removed.</summary>
public sealed class Accounts(UserStore store, TimeProvider clock)
{
    private static readonly PasswordHasher<KilnUser> Hasher = new();
    public const int MinimumPasswordLength = 8;
    public const string TokenPrefix = "kiln_";

    public UserStore Store => store;

    public static IReadOnlyList<string> ValidateNewUser(string? name, string? role, string? password)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            problems.Add("name: 1 to 64 letters, digits, '-', '_' or '.'");
        if (!Roles.TryParse(role, out _)) problems.Add("role: one of viewer, operator, admin");
        if (password is null || password.Length < MinimumPasswordLength)
            problems.Add($"password: at least {MinimumPasswordLength} characters");
        return problems;
    }

    public async Task<KilnUser> AddUserAsync(string name, string role, string password, CancellationToken ct)
    {
        var problems = ValidateNewUser(name, role, password);
        if (problems.Count > 0) throw new KilnInputException(problems);
        Roles.TryParse(role, out var parsed);
        var user = new KilnUser(name, parsed, clock.GetUtcNow());
        if (!await store.AddUserAsync(name, parsed, Hasher.HashPassword(user, password), ct))
            throw new KilnInputException([$"user '{name}' exists already"]);
        return user;
    }

    /// <summary>The user when the password matches; rehashes a hash made with older parameters.</summary>
    public async Task<KilnUser?> VerifyPasswordAsync(string name, string password, CancellationToken ct)
    {
        var found = await store.FindUserAsync(name, ct);
        if (found is not { } f) return null;
        var result = Hasher.VerifyHashedPassword(f.User, f.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await store.SetPasswordAsync(name, Hasher.HashPassword(f.User, password), ct);
        return result == PasswordVerificationResult.Failed ? null : f.User;
    }

    public async Task DeleteUserAsync(string name, CancellationToken ct)
    {
        var found = await store.FindUserAsync(name, ct) ?? throw new KilnInputException([$"no user '{name}'"]);
        if (found.User.Role == Role.Admin && await store.CountAdminsAsync(ct) <= 1)
            throw new KilnInputException([$"'{name}' is the last admin; add another admin first"]);
        await store.DeleteUserAsync(name, ct);
    }

    /// <summary>Creates a token for a user; the secret is returned once and only its hash is stored.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(string user, string? label, CancellationToken ct)
    {
        if (await store.FindUserAsync(user, ct) is null) throw new KilnInputException([$"no user '{user}'; add it with `kiln users add`"]);
        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken("tok-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(), user,
            string.IsNullOrWhiteSpace(label) ? "token" : label.Trim(), clock.GetUtcNow(), null);
        await store.AddTokenAsync(token, HashToken(secret), ct);
        return (token, secret);
    }

    /// <summary>SHA-256 is enough here: tokens carry 256 random bits, so a slow hash would add nothing.</summary>
    public static string HashToken(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
