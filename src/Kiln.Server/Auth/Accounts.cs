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
    private static readonly KilnUser Decoy = new("", Role.Viewer, DateTimeOffset.UnixEpoch);
    /// <summary>An unknown user's password is checked against this, so that a wrong name costs what a wrong password
    /// does (PBKDF2, tens of milliseconds) and timing does not tell which names exist.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(Decoy, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
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
        if (found is not { } f)
        {
            Hasher.VerifyHashedPassword(Decoy, DecoyHash.Value, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(f.User, f.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await store.SetPasswordAsync(f.User.Name, Hasher.HashPassword(f.User, password), ct);
        return result == PasswordVerificationResult.Failed ? null : f.User;
    }

    public async Task DeleteUserAsync(string name, CancellationToken ct)
    {
        var found = await store.FindUserAsync(name, ct) ?? throw new KilnInputException([$"no user '{name}'"]);
        if (found.User.Role == Role.Admin && await store.CountAdminsAsync(ct) <= 1)
            throw new KilnInputException([$"'{name}' is the last admin; add another admin first"]);
        await store.DeleteUserAsync(found.User.Name, ct);
    }

    /// <summary>Changes a user's role and/or password and ends their web sessions (their API tokens stay, and act
    /// with the new role). The last admin cannot be demoted.</summary>
    public async Task<KilnUser> ChangeUserAsync(string name, string? role, string? password, CancellationToken ct)
    {
        var problems = new List<string>();
        Role? newRole = null;
        if (role is not null) { if (Roles.TryParse(role, out var r)) newRole = r; else problems.Add("role: one of viewer, operator, admin"); }
        if (password is not null && password.Length < MinimumPasswordLength) problems.Add($"password: at least {MinimumPasswordLength} characters");
        if (role is null && password is null) problems.Add("give a new role, a new password, or both");
        if (problems.Count > 0) throw new KilnInputException(problems);
        var found = await store.FindUserAsync(name, ct) ?? throw new KilnInputException([$"no user '{name}'"]);
        if (found.User.Role == Role.Admin && newRole is { } demoted && demoted != Role.Admin && await store.CountAdminsAsync(ct) <= 1)
            throw new KilnInputException([$"'{found.User.Name}' is the last admin; add another admin first"]);
        await store.ChangeUserAsync(found.User.Name, newRole, password is null ? null : Hasher.HashPassword(found.User, password), ct);
        return found.User with { Role = newRole ?? found.User.Role };
    }

    /// <summary>Creates a token for a user; the secret is returned once and only its hash is stored.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(string user, string? label, CancellationToken ct)
    {
        user = (await store.FindUserAsync(user, ct))?.User.Name ?? throw new KilnInputException([$"no user '{user}'; add it with `kiln users add`"]);
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
