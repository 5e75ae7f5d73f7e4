using Google.Apis.Auth.OAuth2;
using Kiln.Core;

namespace Kiln.Gcp.Auth;

/// <summary>Google's Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default
/// login, the metadata server) through Google.Apis.Auth, scoped to Compute Engine. The library caches the token and
/// refreshes it before it expires.</summary>
public sealed class ApplicationDefaultCredentials : IAccessTokenSource
{
    public const string ComputeScope = "https://www.googleapis.com/auth/compute";
    private readonly ITokenAccess _access;

    private ApplicationDefaultCredentials(ITokenAccess access) => _access = access;

    /// <summary>Finds the credentials before any call, so a missing one is bad input (exit 2), not a failed bake.</summary>
    public static async Task<ApplicationDefaultCredentials> FindAsync(CancellationToken ct)
    {
        GoogleCredential credential;
        try { credential = await GoogleCredential.GetApplicationDefaultAsync(ct); }
        catch (InvalidOperationException e)
        {
            // The library's message names the file and the variable it looked at; it never holds a secret.
            throw new KilnInputException(
                "cloud: gcp needs Application Default Credentials and none were found: run `gcloud auth application-default login`, " +
                $"or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file ({FirstLine(e.Message)})");
        }
        return new ApplicationDefaultCredentials(credential.CreateScoped(ComputeScope));
    }

    /// <summary>A service account key file (Packer googlecompute's account_file), read before any call.</summary>
    public static async Task<ApplicationDefaultCredentials> FromFileAsync(string path, CancellationToken ct)
    {
        try
        {
            var account = await CredentialFactory.FromFileAsync<ServiceAccountCredential>(path, ct);
            return new ApplicationDefaultCredentials(account.ToGoogleCredential().CreateScoped(ComputeScope));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
                                      or Newtonsoft.Json.JsonException)
        {
            // The message says what is wrong with the file; the key itself is never part of it.
            throw new KilnInputException($"account_file '{path}' is not a service account key file Kiln can use: {FirstLine(e.Message)}");
        }
    }

    public async ValueTask<string?> TokenAsync(CancellationToken ct) =>
        await _access.GetAccessTokenForRequestAsync(null, ct);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
