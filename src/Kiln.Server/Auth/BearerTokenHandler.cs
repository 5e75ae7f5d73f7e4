using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiln.Server.Auth;

/// <summary>`Authorization: Bearer kiln_…`: looks the token's hash up; the secret itself is never stored or logged.
/// Wrong tokens count against the client address in <see cref="LoginThrottle"/>, as failed logins do; a locked address
/// gets 429 with Retry-After, whatever token it sends.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserStore users, LoginThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "KilnToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        var address = LoginThrottle.Address(Context);
        string[] keys = [LoginThrottle.AddressKey(address)];
        if (await throttle.LockedForAsync(keys, Context.RequestAborted) is { } wait)
        {
            _lockedFor = wait;
            return AuthenticateResult.Fail("too many wrong API tokens from this address");
        }
        var user = await users.FindTokenUserAsync(Accounts.HashToken(secret), Context.RequestAborted);
        if (user is null)
        {
            await throttle.FailAsync(keys, Context.RequestAborted);
            Logger.LogWarning("unknown or revoked API token from {Address}", address);
            return AuthenticateResult.Fail("unknown or revoked API token");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(Principals.For(user, Scheme), Scheme));
    }

    private TimeSpan? _lockedFor;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_lockedFor is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiErrors.WriteAsync(Context, StatusCodes.Status429TooManyRequests,
                $"too many wrong API tokens from this address: try again in {seconds} s");
        }
        return ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "authentication required: send `Authorization: Bearer <token>` (create one with `kiln tokens create`) or log in");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, "your role does not allow this");
}

public static class Principals
{
    public static ClaimsPrincipal For(KilnUser user, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, Roles.Name(user.Role))], scheme));

    public static string Name(ClaimsPrincipal principal) => principal.Identity?.Name ?? "anonymous";

    public static Role RoleOf(ClaimsPrincipal principal) =>
        Roles.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : Role.Viewer;
}
