using System.Net;
using System.Text.RegularExpressions;

namespace Kiln.Server.Tests.Support;

/// <summary>A browser as plain HTTP: a cookie jar, no automatic redirects, and the antiforgery token read from each
/// page's form, so tests can log in, post forms, and replay a saved cookie after logout.</summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _http;
    public CookieContainer Cookies { get; } = new();
    public Uri Address { get; }

    public WebSession(Uri address, bool acceptAnyCertificate = false)
    {
        Address = address;
        var handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        if (acceptAnyCertificate) handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A browser that reaches Kiln through a TLS-terminating proxy, as the client at <paramref name="clientAddress"/>.</summary>
    public WebSession(Uri address, string clientAddress)
    {
        Address = new UriBuilder(address) { Scheme = "https" }.Uri;
        _http = new HttpClient(new ProxyHeaders(clientAddress, Cookies)) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http => _http;

    /// <summary>The session cookie as a `Cookie:` header value: what an attacker who saved it would replay.</summary>
    public string CookieHeader => Cookies.GetCookieHeader(Address);

    /// <summary>GETs a page and returns the antiforgery token of its first form.</summary>
    public async Task<string> CsrfTokenAsync(string path = "/login")
    {
        var html = await (await _http.GetAsync(path)).Content.ReadAsStringAsync();
        return Token().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    public async Task<HttpResponseMessage> LoginAsync(string user, string password, string? returnUrl = null)
    {
        var token = await CsrfTokenAsync();
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = user, ["password"] = password };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        return await _http.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a form with the antiforgery token of <paramref name="tokenFrom"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string tokenFrom = "/runs")
    {
        var token = await CsrfTokenAsync(tokenFrom);
        return await _http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
