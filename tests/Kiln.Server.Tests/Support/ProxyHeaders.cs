using System.Net;

namespace Kiln.Server.Tests.Support;

/// <summary>What a TLS-terminating proxy in front of Kiln adds: the client's address and `https` in X-Forwarded-*
/// headers. The browser behind it speaks https, so its cookie jar keeps Secure cookies; this handler keeps them for
/// the https form of the address while the bytes go over plain HTTP on loopback, as they do from a proxy.</summary>
public sealed class ProxyHeaders(string clientAddress, CookieContainer cookies) : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var browserUri = new UriBuilder(request.RequestUri!) { Scheme = "https" }.Uri;
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookies.GetCookieHeader(browserUri) is { Length: > 0 } header) request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set) cookies.SetCookies(browserUri, cookie);
        return response;
    }
}
