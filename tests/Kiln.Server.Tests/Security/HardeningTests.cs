using System.Net;
using System.Text;
using Kiln.Server.Http;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Security;

/// <summary>After login only a local path; browser hardening headers on pages and API; oversized or malformed forms
/// are a 400 and one log line, never a 500 or a stack trace.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("http://evil.example/")]
    [InlineData("\\\\evil.example")]
    [InlineData("/runs\\..\\\\evil.example")]
    [InlineData("")]
    public async Task Login_never_redirects_off_the_server(string returnUrl)
    {
        using var web = new WebSession(_server.Address);
        var response = await web.LoginAsync("viewer", TestServer.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/runs", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_goes_back_to_a_local_path()
    {
        using var web = new WebSession(_server.Address);
        var response = await web.LoginAsync("viewer", TestServer.Password, "/jobs?x=1");
        Assert.Equal("/jobs?x=1", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/runs")]
    [InlineData("/families")]
    [InlineData("/groups")]
    [InlineData("/ui/site.css")]
    [InlineData("/api/v1/health")]
    [InlineData("/api/v1/runs")]
    public async Task Every_response_carries_the_browser_hardening_headers(string path)
    {
        using var web = new WebSession(_server.Address);
        await web.LoginAsync("viewer", TestServer.Password);
        var response = await web.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("default-src 'self'; frame-ancestors 'none'; form-action 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        if (path.StartsWith("/api", StringComparison.Ordinal)) return;
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", html);
    }

    public static TheoryData<string, Func<HttpContent>> BadForms => new()
    {
        { "5,000 fields", () => new FormUrlEncodedContent(Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create($"f{i}", "x"))) },
        { "a 5 MiB value", () => new FormUrlEncodedContent([KeyValuePair.Create("name", new string('a', 5 * 1024 * 1024))]) },
        { "a 50 MB body", () => new ByteArrayContent(Encoding.ASCII.GetBytes("a=" + new string('b', 50_000_000))) { Headers = { ContentType = new("application/x-www-form-urlencoded") } } },
        { "a broken multipart body", () => new StringContent("--x\r\nnot a part", Encoding.ASCII, "multipart/form-data") },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task An_oversized_or_malformed_form_is_a_400_with_one_log_line(string what, Func<HttpContent> form)
    {
        foreach (var path in new[] { "/login", "/logout" })
        {
            using var web = new WebSession(_server.Address);
            await web.CsrfTokenAsync();
            var before = _server.Logs.Lines.Count;
            // Kestrel answers before a 50 MB upload ends and then closes the connection: the client may see only that.
            HttpStatusCode? status;
            try { status = (await web.Http.PostAsync(path, form())).StatusCode; }
            catch (HttpRequestException) { status = null; }
            Assert.True(status is null or HttpStatusCode.BadRequest, $"{what} to {path}: {status}");
            var logged = _server.Logs.Lines.Skip(before).ToList();
            Assert.True(logged.Count == 1, $"{what} to {path}: {string.Join("\n", logged)}");
            Assert.Contains("(400)", logged[0]);
            Assert.DoesNotContain("   at ", logged[0]);
        }
    }
}

/// <summary>Plain HTTP only on loopback: beyond it `kiln serve` needs its own TLS (cookies then Secure) or an explicit
/// TLS-terminating proxy, and otherwise refuses naming the options.</summary>
public sealed class ListenTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("127.0.0.2:8080", true)]
    [InlineData("localhost:8080", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("0.0.0.0:8080", false)]
    [InlineData("[::]:8080", false)]
    [InlineData("192.168.1.5:8080", false)]
    [InlineData("kiln.example:8080", false)]
    public void Loopback_is_recognised(string listen, bool loopback) => Assert.Equal(loopback, ListenPolicy.IsLoopback(listen));

    [Fact]
    public async Task Serve_refuses_a_non_loopback_address_without_tls_with_exit_2_naming_the_options()
    {
        var home = Directory.CreateTempSubdirectory("kiln-listen-").FullName;
        try
        {
            var result = await Cli.RunAsync(["serve", "--listen", "0.0.0.0:0", "--dir", home], new() { ["KILN_HOME"] = home });
            Assert.Equal(2, result.ExitCode);
            foreach (var option in new[] { "--tls-cert", "--tls-key", "--behind-tls-proxy", "127.0.0.1" }) Assert.Contains(option, result.Output);
            Assert.False(File.Exists(Path.Combine(home, "history.db")), "nothing is created before the refusal");
        }
        finally { Directory.Delete(home, true); }
    }

    [Fact]
    public async Task With_tls_it_serves_https_beyond_loopback_and_its_cookies_are_Secure()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-tls-").FullName;
        try
        {
            var tls = SelfSigned.Write(dir);
            await using var server = await TestServer.StartAsync(TestJobs.All, configure: o => o with { Listen = "0.0.0.0:0", Tls = tls });
            var address = new Uri($"https://127.0.0.1:{server.Address.Port}/");
            using var web = new WebSession(address, acceptAnyCertificate: true);
            var login = await web.LoginAsync("viewer", TestServer.Password);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            var cookies = login.Headers.GetValues("Set-Cookie").ToList();
            Assert.Contains(cookies, c => c.StartsWith("kiln-session=", StringComparison.Ordinal));
            Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync("/runs")).StatusCode);
        }
        finally { Directory.Delete(dir, true); }
    }
}

/// <summary>`--behind-tls-proxy`: a TLS-terminating proxy on this machine forwards to Kiln. Kiln may then listen
/// beyond loopback, marks its cookies Secure, and takes the client's address from the proxy's X-Forwarded-For, so
/// the login limiter locks the guessing client and not the proxy that every user comes through.</summary>
public sealed class BehindProxyTests
{
    [Fact]
    public async Task Cookies_are_Secure_and_the_login_limiter_counts_each_forwarded_client()
    {
        await using var server = await TestServer.StartAsync(TestJobs.All, configure: o => o with
        {
            Listen = "0.0.0.0:0", BehindTlsProxy = true, Throttle = new(5, 20, TimeSpan.FromMinutes(1)),
        });
        var address = new Uri($"http://127.0.0.1:{server.Address.Port}/");
        using var guesser = new WebSession(address, clientAddress: "203.0.113.7");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++) statuses.Add((await guesser.LoginAsync($"nobody{i}", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Contains("from 203.0.113.7", server.Logs.Text);

        using var user = new WebSession(address, clientAddress: "198.51.100.9");
        var login = await user.LoginAsync("viewer", TestServer.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kiln-session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/runs")).StatusCode);
    }
}

/// <summary>kiln.yml's `serve:` section reaches `kiln serve`: its certificate lets the server listen beyond loopback
/// over HTTPS, and a bad section stops the server before it creates anything.</summary>
public sealed class ServeSectionTests
{
    [Fact]
    public async Task The_certificate_in_kiln_yml_serves_https_beyond_loopback()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-serve-yml-").FullName;
        try
        {
            var tls = SelfSigned.Write(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "kiln.yml"),
                $"serve:\n  tls_cert: {Path.GetFileName(tls.Certificate)}\n  tls_key: {Path.GetFileName(tls.Key)}\n");
            await using var serve = await ServeProcess.StartAsync("sqlite:" + Path.Combine(dir, "kiln.db"), dir, dir, "--listen", "0.0.0.0:0");
            Assert.Equal("https", serve.Address.Scheme);
            using var web = new WebSession(new Uri($"https://127.0.0.1:{serve.Address.Port}/"), acceptAnyCertificate: true);
            Assert.Equal(HttpStatusCode.Redirect, (await web.LoginAsync("admin", ServeProcess.AdminPassword)).StatusCode);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task A_bad_serve_section_exits_2_naming_it_before_anything_is_created()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-serve-yml-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "kiln.yml"), "serve:\n  session_idle: 10s\n");
            var result = await Cli.RunAsync(["serve", "--dir", dir], new() { ["KILN_HOME"] = dir, ["KILN_DB"] = "sqlite:" + Path.Combine(dir, "kiln.db") });
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("session_idle must be at least 1m", result.Output);
            Assert.False(File.Exists(Path.Combine(dir, "kiln.db")), "nothing is created before the refusal");
        }
        finally { Directory.Delete(dir, true); }
    }
}
