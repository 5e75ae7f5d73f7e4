namespace Kiln.Gcp.Auth;

/// <summary>The bearer token of a Compute Engine call; null when the endpoint takes none (the local cloud on
/// loopback, as gcloud's auth/disable_credentials).</summary>
public interface IAccessTokenSource
{
    ValueTask<string?> TokenAsync(CancellationToken ct);
}

/// <summary>No credentials: the local cloud's Compute endpoint.</summary>
public sealed class NoCredentials : IAccessTokenSource
{
    public ValueTask<string?> TokenAsync(CancellationToken ct) => ValueTask.FromResult<string?>(null);
}
