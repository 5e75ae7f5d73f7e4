using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Cloud;
using Kiln.Gcp.Auth;

namespace Kiln.Gcp.Api;

/// <summary>One Compute Engine REST call: the path under the API root (`…/compute/v1/`), JSON both ways, the bearer
/// token when there is one, Google's errors as <see cref="CloudException"/>, transient failures retried by
/// <see cref="GcpPolicies"/> (each attempt a fresh request with a fresh token).</summary>
public sealed class ComputeTransport(HttpClient http, Uri root, IAccessTokenSource tokens, GcpPolicies policies)
{
    public Uri Root { get; } = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
    public GcpPolicies Policies => policies;

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    public Task<T> DeleteAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Delete, path, null, ct);

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) =>
        await policies.Transient.ExecuteAsync(async c => await OnceAsync<T>(method, path, body, c), ct);

    private async Task<T> OnceAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(Root, path));
        if (await tokens.TokenAsync(ct) is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ComputeJson.Options);
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, ct); }
        catch (HttpRequestException e) { throw new CloudException(ComputeErrors.NetworkError, e.Message, null, e); }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // Not our token: the HTTP timeout. A transient failure, never mistaken for "the user cancelled".
            throw new CloudException(ComputeErrors.RequestTimeout, "no answer within the request timeout", null, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw ComputeErrors.FromResponse((int)response.StatusCode, text);
            try { return JsonSerializer.Deserialize<T>(text, ComputeJson.Options) ?? throw new JsonException("empty body"); }
            catch (JsonException e) { throw new CloudException("badResponse", $"{method} {path}: {e.Message}", (int)response.StatusCode, e); }
        }
    }
}
