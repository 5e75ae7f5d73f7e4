using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Api;

public sealed class AuthApiTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Protected => new()
    {
        { "GET", "/api/v1/jobs" }, { "POST", "/api/v1/jobs/bake-dev-api/runs" }, { "GET", "/api/v1/runs" },
        { "GET", "/api/v1/runs/kiln-x" }, { "GET", "/api/v1/runs/kiln-x/log" }, { "GET", "/api/v1/runs/kiln-x/log/stream" },
        { "POST", "/api/v1/runs/kiln-x/cancel" }, { "DELETE", "/api/v1/runs/kiln-x" }, { "GET", "/api/v1/families" },
        { "GET", "/api/v1/families/hoge-dev-api-base/diff" }, { "GET", "/api/v1/users" }, { "POST", "/api/v1/users" }, { "DELETE", "/api/v1/users/viewer" },
        { "GET", "/api/v1/tokens" }, { "POST", "/api/v1/tokens" }, { "DELETE", "/api/v1/tokens/tok-1" },
    };

    [Theory, MemberData(nameof(Protected))]
    public async Task Every_endpoint_but_health_answers_401_with_a_json_reason_without_credentials(string method, string path)
    {
        using var client = _server.Client();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("authentication required", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "kiln_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_login_and_reports_the_database()
    {
        using var client = _server.Client();
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("sqlite", body.GetProperty("database").GetString());
    }

    [Theory]
    [InlineData("viewer", "POST", "/api/v1/jobs/bake-dev-api/runs")]
    [InlineData("viewer", "POST", "/api/v1/runs/kiln-x/cancel")]
    [InlineData("viewer", "DELETE", "/api/v1/runs/kiln-x")]
    [InlineData("viewer", "GET", "/api/v1/users")]
    [InlineData("operator", "GET", "/api/v1/users")]
    [InlineData("operator", "POST", "/api/v1/users")]
    [InlineData("operator", "DELETE", "/api/v1/users/viewer")]
    [InlineData("operator", "GET", "/api/v1/tokens")]
    [InlineData("operator", "POST", "/api/v1/tokens")]
    public async Task A_role_below_the_one_needed_gets_403_and_nothing_changes(string role, string method, string path)
    {
        using var client = _server.Client(role);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            { Content = JsonContent.Create(new { name = "mallory", role = "admin", password = "long enough pw", user = "viewer" }) });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("role", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Empty(await _server.Store.ListRunsAsync(new(), default));
        using var admin = _server.Client("admin");
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users");
        Assert.Equal(["admin", "operator", "viewer"], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/tokens")).GetArrayLength());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var client = _server.Client();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/jobs", "/api/v1/jobs/{name}/runs", "/api/v1/runs", "/api/v1/runs/{id}", "/api/v1/runs/{id}/log",
                     "/api/v1/runs/{id}/log/stream", "/api/v1/runs/{id}/cancel", "/api/v1/families", "/api/v1/families/{name}/diff", "/api/v1/users", "/api/v1/tokens", "/api/v1/health" })
            Assert.Contains(path, paths);
        Assert.DoesNotContain("/runs", paths); // the web UI is not part of the API document
    }
}
