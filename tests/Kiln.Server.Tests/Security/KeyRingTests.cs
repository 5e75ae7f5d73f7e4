using System.Net;
using Kiln.Server.Tests.Support;
using Kiln.Tests.Shared;

namespace Kiln.Server.Tests.Security;

/// <summary>Each installation signs its cookies with its own keys: a cookie of one server means nothing to another
/// (even of the same OS user and directory), while the workers of one PostgreSQL cluster share theirs, and a logout
/// on one worker ends the session on all.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_cookie_from_one_server_is_refused_by_another()
    {
        await using var first = await TestServer.StartAsync(TestJobs.All);
        await using var second = await TestServer.StartAsync(TestJobs.All);
        using var web = new WebSession(first.Address);
        Assert.Equal(HttpStatusCode.Redirect, (await web.LoginAsync("admin", TestServer.Password)).StatusCode);

        using var other = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = second.Address };
        other.DefaultRequestHeaders.Add("Cookie", web.CookieHeader);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/runs")).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SQLite_keys_are_files_only_their_owner_reads()
    {
        await using var server = await TestServer.StartAsync(TestJobs.All);
        using var web = new WebSession(server.Address);
        await web.LoginAsync("admin", TestServer.Password);
        var dir = Path.Combine(server.Directory, "server-keys");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        var keys = Directory.GetFiles(dir, "*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(k)));
    }

    [Fact]
    public async Task On_postgres_a_login_works_on_every_worker_and_a_logout_ends_it_on_all()
    {
        await using var pg = await TestPostgres.CreateAsync();
        if (pg is null) return; // no test PostgreSQL outside test.sh; TestPostgres throws when it is required
        await using var a = await TestServer.StartAsync(TestJobs.All, db: pg.ConnectionString);
        await using var b = await TestServer.StartAsync(TestJobs.All, db: pg.ConnectionString, addUsers: false);
        await using var pg2 = await TestPostgres.CreateAsync();
        await using var elsewhere = await TestServer.StartAsync(TestJobs.All, db: pg2!.ConnectionString);

        using var web = new WebSession(a.Address);
        var login = await web.LoginAsync("admin", TestServer.Password);
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, a.Logs.Text);
        var saved = web.CookieHeader;
        HttpClient On(TestServer server)
        {
            var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
            http.DefaultRequestHeaders.Add("Cookie", saved);
            return http;
        }
        using var onB = On(b);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/users")).StatusCode);
        using var onOther = On(elsewhere);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onOther.GetAsync("/api/v1/users")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await web.PostFormAsync("/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/users")).StatusCode);
    }
}
