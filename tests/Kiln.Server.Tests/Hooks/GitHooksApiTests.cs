using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kiln.Server.Hooks;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Hooks;

/// <summary>`POST /api/v1/hooks/git` with the push payloads GitHub, GitLab and Gitea send: the bake jobs whose repo
/// and ref match start, the others do not, and only an operator's token or a valid signature is let in.</summary>
public sealed class GitHooksApiTests : IAsyncLifetime
{
    private static JobDefinition RepoJob(string name, string repo, string gitRef, string family) =>
        new(name, JobKind.Bake, family, Arguments: new Dictionary<string, string>
        {
            ["account"] = "hoge", ["env"] = "dev", ["category"] = name, ["directory"] = "/", ["repo"] = repo, ["ref"] = gitRef,
        });

    private static readonly JobDefinition Main = RepoJob("bake-main", "https://github.com/hoge/playbooks.git", "main", "hoge-dev-main-base");
    private static readonly JobDefinition Release = RepoJob("bake-release", "git@github.com:hoge/playbooks.git", "release", "hoge-dev-rel-base");
    private static readonly JobDefinition Lab = RepoJob("bake-lab", "https://gitlab.example/team/playbooks", "main", "hoge-dev-lab-base");
    private static readonly JobDefinition Tea = RepoJob("bake-tea", "ssh://git@gitea.example:2222/ops/playbooks.git", "HEAD", "hoge-dev-tea-base");

    private TestServer _server = null!;
    public async Task InitializeAsync() => _server = await TestServer.StartAsync([Main, Release, Lab, Tea, TestJobs.Bake]);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string GitHubPush = """
        {"ref":"refs/heads/main","before":"1111111111111111111111111111111111111111","after":"2222222222222222222222222222222222222222",
         "repository":{"full_name":"hoge/playbooks","html_url":"https://github.com/hoge/playbooks",
           "clone_url":"https://github.com/hoge/playbooks.git","ssh_url":"git@github.com:hoge/playbooks.git","default_branch":"main"},
         "pusher":{"name":"alice"}}
        """;

    private const string GitLabPush = """
        {"object_kind":"push","ref":"refs/heads/main","checkout_sha":"3333333333333333333333333333333333333333",
         "after":"3333333333333333333333333333333333333333",
         "project":{"path_with_namespace":"team/playbooks","web_url":"https://gitlab.example/team/playbooks",
           "git_http_url":"https://gitlab.example/team/playbooks.git","git_ssh_url":"git@gitlab.example:team/playbooks.git","default_branch":"main"},
         "repository":{"url":"git@gitlab.example:team/playbooks.git","homepage":"https://gitlab.example/team/playbooks"}}
        """;

    private const string GiteaPush = """
        {"ref":"refs/heads/trunk","before":"4444444444444444444444444444444444444444","after":"5555555555555555555555555555555555555555",
         "repository":{"full_name":"ops/playbooks","html_url":"https://gitea.example/ops/playbooks",
           "clone_url":"https://gitea.example/ops/playbooks.git","ssh_url":"ssh://git@gitea.example:2222/ops/playbooks.git","default_branch":"trunk"}}
        """;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string payload, Action<HttpRequestMessage> auth)
    {
        using var client = _server.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hooks/git") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        auth(request);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Action<HttpRequestMessage> Bearer(string role) => r => r.Headers.Authorization = new("Bearer", _server.Tokens[role]);

    private static string[] StartedJobs(JsonElement body) =>
        [.. body.GetProperty("started").EnumerateArray().Select(s => s.GetProperty("job").GetString()!).Order()];

    [Fact]
    public async Task A_GitHub_push_to_main_starts_the_job_of_that_repository_and_branch_only()
    {
        var (status, body) = await PostAsync(GitHubPush, Bearer("operator"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(["bake-main"], StartedJobs(body));
        var run = body.GetProperty("started")[0].GetProperty("run").GetString()!;
        var done = await _server.WaitForOutcomeAsync(run, "succeeded");
        Assert.Equal("bake-main", done.GetProperty("run").GetProperty("job").GetString());
        Assert.Equal(["bake-main"], _server.Bakes.Runs.Select(r => r.Job.Name));
    }

    [Fact]
    public async Task A_GitLab_push_is_let_in_by_its_secret_token_and_matches_the_https_url_without_dot_git()
    {
        var (status, body) = await PostAsync(GitLabPush, r => r.Headers.Add("X-Gitlab-Token", _server.Tokens["operator"]));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(["bake-lab"], StartedJobs(body));
    }

    [Fact]
    public async Task A_Gitea_push_to_the_default_branch_starts_a_job_at_HEAD_and_a_signed_delivery_needs_the_hook_secret()
    {
        Environment.SetEnvironmentVariable(HookAuth.SecretVariable, "hook-secret-for-tests");
        try
        {
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("hook-secret-for-tests"), Encoding.UTF8.GetBytes(GiteaPush)));
            var (status, body) = await PostAsync(GiteaPush, r => r.Headers.Add("X-Gitea-Signature", signature));
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(["bake-tea"], StartedJobs(body));

            var (forged, _) = await PostAsync(GiteaPush, r => r.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64)));
            Assert.Equal(HttpStatusCode.Unauthorized, forged);
        }
        finally { Environment.SetEnvironmentVariable(HookAuth.SecretVariable, null); }
    }

    [Fact]
    public async Task No_token_a_viewer_token_or_a_wrong_token_starts_nothing()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(GitHubPush, _ => { })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(GitHubPush, Bearer("viewer"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(GitHubPush, r => r.Headers.Add("X-Gitlab-Token", "kiln_wrong"))).Status);
        Assert.Empty(_server.Bakes.Runs);
    }

    [Fact]
    public async Task A_deleted_branch_or_another_ref_starts_nothing_and_a_body_that_is_no_push_is_a_400()
    {
        var deleted = GitHubPush.Replace("2222222222222222222222222222222222222222", new string('0', 40));
        var (status, body) = await PostAsync(deleted, Bearer("operator"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(StartedJobs(body));
        (status, body) = await PostAsync(GitHubPush.Replace("refs/heads/main", "refs/heads/feature"), Bearer("operator"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(StartedJobs(body));
        (status, _) = await PostAsync("""{"zen":"Keep it logically awesome."}""", Bearer("operator"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty(_server.Bakes.Runs);
    }

    [Theory]
    [InlineData("https://github.com/hoge/playbooks.git", "github.com/hoge/playbooks")]
    [InlineData("https://user:token@github.com/hoge/playbooks/", "github.com/hoge/playbooks")]
    [InlineData("git@github.com:hoge/playbooks.git", "github.com/hoge/playbooks")]
    [InlineData("ssh://git@GitHub.com:22/hoge/playbooks", "github.com/hoge/playbooks")]
    public void Repository_urls_compare_by_host_and_path(string url, string key) => Assert.Equal(key, PushEvent.RepositoryKey(url));
}
