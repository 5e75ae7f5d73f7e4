using System.Net;
using System.Net.Http.Json;
using Kiln.Server.Auth;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Security;

/// <summary>Sessions live on the server: a saved cookie stops working the moment its session ends (logout, the user
/// deleted, their role or password changed, idle or absolute lifetime passed).</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<WebSession> LoggedInAsync(string user)
    {
        var web = new WebSession(_server.Address);
        Assert.Equal(HttpStatusCode.Redirect, (await web.LoginAsync(user, TestServer.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync("/runs")).StatusCode);
        return web;
    }

    /// <summary>A client that sends exactly this Cookie header, as an attacker replaying a saved cookie would.</summary>
    private HttpClient Replay(string cookie)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        return http;
    }

    [Fact]
    public async Task After_logout_the_saved_cookie_is_refused_by_pages_and_api()
    {
        using var web = await LoggedInAsync("admin");
        var saved = web.CookieHeader;
        using var before = Replay(saved);
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await web.PostFormAsync("/logout")).StatusCode);
        using var after = Replay(saved);
        Assert.Equal(HttpStatusCode.Unauthorized, (await after.GetAsync("/api/v1/users")).StatusCode);
        var page = await after.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_deleted_admins_saved_cookie_can_neither_read_nor_create_users_or_tokens()
    {
        using var admin = Server().Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { name = "second", role = "admin", password = TestServer.Password })).StatusCode);
        using var web = await LoggedInAsync("second");
        var csrf = await web.CsrfTokenAsync("/runs");
        var saved = web.CookieHeader;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/users/second")).StatusCode);

        using var replay = Replay(saved);
        replay.DefaultRequestHeaders.Add(AuthSetup.CsrfHeader, csrf);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.PostAsJsonAsync("/api/v1/users", new { name = "mallory", role = "admin", password = TestServer.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.PostAsJsonAsync("/api/v1/tokens", new { user = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/users")).StatusCode);
        var users = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/users");
        Assert.DoesNotContain("mallory", users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("role")]
    [InlineData("password")]
    public async Task Changing_a_users_role_or_password_ends_their_sessions(string what)
    {
        using var web = await LoggedInAsync("operator");
        using var admin = Server().Client("admin");
        object change = what == "role" ? new { role = "viewer" } : new { password = "a brand new password" };
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/v1/users/operator", change)).StatusCode);
        var page = await web.Http.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
        var sessions = (SessionStore)_server.Server.Services.GetService(typeof(SessionStore))!;
        Assert.Equal(0, await sessions.CountAsync("operator", CancellationToken.None));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted()
    {
        using var admin = Server().Client("admin");
        var response = await admin.PatchAsJsonAsync("/api/v1/users/admin", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("last admin", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task User_names_are_unique_regardless_of_case_and_log_in_in_any_case()
    {
        using var admin = Server().Client("admin");
        var response = await admin.PostAsJsonAsync("/api/v1/users", new { name = "ADMIN", role = "admin", password = TestServer.Password });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var web = new WebSession(_server.Address);
        Assert.Equal(HttpStatusCode.Redirect, (await web.LoginAsync("Admin", TestServer.Password)).StatusCode);
        Assert.Contains("admin · admin", await (await web.Http.GetAsync("/runs")).Content.ReadAsStringAsync());
    }

    private TestServer Server() => _server;
}

/// <summary>Both lifetimes are enforced by the server, whatever the cookie says.</summary>
public sealed class SessionLifetimeTests
{
    [Fact]
    public async Task A_session_ends_after_its_idle_time_without_requests()
    {
        await using var server = await TestServer.StartAsync(TestJobs.All,
            configure: o => o with { Sessions = new SessionLifetime(TimeSpan.FromSeconds(2), TimeSpan.FromHours(1)) });
        using var web = new WebSession(server.Address);
        await web.LoginAsync("viewer", TestServer.Password);
        Assert.Equal(HttpStatusCode.OK, (await web.Http.GetAsync("/runs")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Redirect, (await web.Http.GetAsync("/runs")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_its_absolute_lifetime_even_while_in_use()
    {
        await using var server = await TestServer.StartAsync(TestJobs.All,
            configure: o => o with { Sessions = new SessionLifetime(TimeSpan.FromHours(1), TimeSpan.FromSeconds(3)) });
        using var web = new WebSession(server.Address);
        await web.LoginAsync("viewer", TestServer.Password);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await web.Http.GetAsync("/runs")).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(0.5));
        }
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.Redirect, statuses[^1]);
    }
}
