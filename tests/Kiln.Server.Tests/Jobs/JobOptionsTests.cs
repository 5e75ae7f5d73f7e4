using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Jobs;

/// <summary>Job options through the API: checked before anything is queued (every problem in one 400), substituted
/// into the job's definition, recorded on the run and filterable, handed to chained jobs that declare them.</summary>
public sealed class JobOptionsTests
{
    private static readonly JobDefinition Bake = new("bake-any", JobKind.Bake, "hoge-${option.env}-api-base",
        Arguments: new Dictionary<string, string> { ["env"] = "${option.env}", ["say"] = "ticket ${option.ticket}" },
        Then: ["deploy-any"], Extras: new JobExtras([Env, Ticket]));
    private static readonly JobDefinition Deploy = new("deploy-any", JobKind.Prune, "hoge-${option.env}-api-base",
        Extras: new JobExtras([Env]));
    private static readonly JobDefinition Strict = new("bake-strict", JobKind.Bake, "hoge-strict-api-base", Extras: new JobExtras([Env, Ticket, Team]));

    [Fact]
    public async Task Bad_option_values_are_refused_with_400_naming_every_problem_and_nothing_is_queued()
    {
        await using var server = await TestServer.StartAsync([Strict]);
        using var op = server.Client("operator");
        var response = await op.PostAsJsonAsync("/api/v1/jobs/bake-strict/runs", new { options = new { env = "prod", ticket = "abc", colour = "red" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("option 'env'") && p.Contains("'prod' is not one of dev, stg"));
        Assert.Contains(problems, p => p.Contains("option 'ticket'") && p.Contains("does not match"));
        Assert.Contains(problems, p => p.Contains("option 'team' is required"));
        Assert.Contains(problems, p => p.Contains("option 'colour'") && p.Contains("no such option"));
        var runs = await server.Client("viewer").GetFromJsonAsync<JsonElement>("/api/v1/runs");
        Assert.Equal(0, runs.GetProperty("runs").GetArrayLength() + runs.GetProperty("queued").GetArrayLength());
        Assert.Empty(server.Bakes.Runs);
    }

    [Fact]
    public async Task Options_are_substituted_recorded_filterable_and_passed_to_the_chained_job_that_declares_them()
    {
        await using var server = await TestServer.StartAsync([Bake, Deploy]);
        using var op = server.Client("operator");
        var stg = await StartAsync(op, "bake-any", new { env = "stg", ticket = "OPS-42" });
        var dev = await StartAsync(op, "bake-any", new { env = "dev" });
        var done = await server.WaitForOutcomeAsync(stg, "succeeded");
        await server.WaitForOutcomeAsync(dev, "succeeded");

        var ran = server.Bakes.Runs.Single(r => r.Id.Value == stg).Job;
        Assert.Equal("hoge-stg-api-base", ran.Family);
        Assert.Equal("stg", ran.Arguments!["env"]);
        Assert.Equal("ticket OPS-42", ran.Arguments["say"]);
        Assert.Equal("stg", done.GetProperty("run").GetProperty("options").GetProperty("env").GetString());
        Assert.Equal("hoge-stg-api-base", done.GetProperty("run").GetProperty("family").GetString());

        using var viewer = server.Client("viewer");
        var filtered = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-any&option.env=stg");
        Assert.Equal([stg], filtered.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray());
        var both = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-any&option.env=stg&option.ticket=OPS-1");
        Assert.Equal(0, both.GetProperty("runs").GetArrayLength());

        // The chained job declares env (not ticket): it runs with env=stg.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement chained;
        while (true)
        {
            chained = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/runs?job=deploy-any&option.env=stg&outcome=succeeded");
            if (chained.GetProperty("runs").GetArrayLength() == 1) break;
            Assert.True(DateTime.UtcNow < deadline, "the chained job did not run with env=stg");
            await Task.Delay(200);
        }
        var options = chained.GetProperty("runs")[0].GetProperty("options");
        Assert.Equal("stg", options.GetProperty("env").GetString());
        Assert.False(options.TryGetProperty("ticket", out _));
    }

    [Fact]
    public async Task Kiln_run_passes_its_options_and_a_bad_one_exits_2_naming_it_before_anything_runs()
    {
        await using var server = await TestServer.StartAsync([Strict]);
        var env = new Dictionary<string, string> { ["KILN_TOKEN"] = server.Tokens["operator"], ["KILN_SERVER"] = server.Address.ToString() };

        var bad = await Cli.RunAsync(["run", "bake-strict", "--option", "env=prod", "--option", "team"], env);
        Assert.Equal(2, bad.ExitCode); // a malformed flag is refused before the server is asked
        Assert.Contains("--option 'team': write NAME=VALUE", bad.Output);
        var refused = await Cli.RunAsync(["run", "bake-strict", "--option", "env=prod", "--option", "team=ops"], env);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("option 'env'", refused.Output);
        Assert.Contains("'prod' is not one of dev, stg", refused.Output);
        Assert.Empty(server.Bakes.Runs);

        var good = await Cli.RunAsync(["run", "bake-strict", "--option", "env=stg", "--option", "team=ops", "--option", "ticket=OPS-9"], env);
        Assert.True(good.ExitCode == 0, good.Output);
        var ran = Assert.Single(server.Bakes.Runs);
        var record = await server.WaitForOutcomeAsync(ran.Id.Value, "succeeded");
        var options = record.GetProperty("run").GetProperty("options");
        Assert.Equal(("stg", "ops", "OPS-9"), (options.GetProperty("env").GetString(), options.GetProperty("team").GetString(), options.GetProperty("ticket").GetString()));
    }

    [Fact]
    public void Option_values_are_checked_against_values_regex_and_required_and_defaults_fill_in()
    {
        var (values, problems) = OptionValues.Resolve("j", [Env with { Default = "dev" }, Ticket], new Dictionary<string, string> { ["ticket"] = "OPS-7" });
        Assert.Empty(problems);
        Assert.Equal("dev", values["env"]);
        Assert.Equal("hoge-dev-OPS-7", OptionValues.Substitute("hoge-${option.env}-${option.ticket}", values));
        // The whole value must match, as in Rundeck: a pattern found inside is not enough.
        Assert.NotEmpty(OptionValues.Resolve("j", [Ticket], new Dictionary<string, string> { ["ticket"] = "xOPS-7x" }).Problems);
        // A secure option's rejected value is never quoted back.
        var secure = OptionValues.Resolve("j", [new JobOptionSpec("pw", Pattern: "[a-z]+", Secure: true)], new Dictionary<string, string> { ["pw"] = "Hunter2!" });
        Assert.DoesNotContain("Hunter2!", Assert.Single(secure.Problems));
    }
}
