using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Api;

public sealed class AdminApiTests : IAsyncLifetime
{
    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_admin_adds_a_user_who_can_then_use_a_new_token_until_it_is_revoked()
    {
        using var admin = _server.Client("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { name = "alice", role = "operator", password = "alice's long password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await (await admin.PostAsJsonAsync("/api/v1/tokens", new { user = "alice", label = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = token.GetProperty("token").GetString()!;
        Assert.StartsWith("kiln_", secret);
        var listed = await admin.GetStringAsync("/api/v1/tokens");
        Assert.DoesNotContain(secret, listed);

        using var alice = _server.Client();
        alice.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync("/api/v1/jobs/bake-dev-api/runs", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{token.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/v1/runs")).StatusCode);
    }

    public static TheoryData<string, string> BadUsers => new()
    {
        { """{"name":"bob","role":"boss","password":"long enough pw"}""", "role: one of viewer, operator, admin" },
        { """{"name":"bob","role":"viewer","password":"short"}""", "password: at least 8 characters" },
        { """{"name":"b o b","role":"viewer","password":"long enough pw"}""", "name: 1 to 64 letters" },
        { """{"name":"bob","role":"viewer",""", "not valid JSON" },
        { """{}""", "password: at least 8 characters" },
    };

    [Theory, MemberData(nameof(BadUsers))]
    public async Task Bad_user_input_is_a_400_naming_each_problem_and_adds_nobody(string json, string problem)
    {
        using var admin = _server.Client("admin");
        var response = await admin.PostAsync("/api/v1/users", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/users")).GetArrayLength());
    }

    [Fact]
    public async Task A_duplicate_user_is_a_409_and_the_last_admin_cannot_be_deleted()
    {
        using var admin = _server.Client("admin");
        var duplicate = await admin.PostAsJsonAsync("/api/v1/users", new { name = "viewer", role = "admin", password = "long enough pw" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var last = await admin.DeleteAsync("/api/v1/users/admin");
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("last admin", await last.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/users/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/users/viewer")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/tokens", new { user = "viewer" })).StatusCode);
    }
}
