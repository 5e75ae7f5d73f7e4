using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Jobs;

/// <summary>A secure option's value reaches the job (it is substituted where the job uses it) and nothing else: no
/// log line, run record, database page, web page, webhook, Slack message or mail holds it.</summary>
public sealed class SecureOptionTests
{
    private const string Secret = "tok-9f3kq-Zx81-secret";

    [Fact]
    public async Task A_secure_options_value_appears_in_no_log_record_page_webhook_or_mail()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        await using var smtp = await TestSmtp.StartAsync();
        var job = new JobDefinition("bake-secret", JobKind.Bake, "hoge-secret-api-base",
            Arguments: new Dictionary<string, string> { ["say"] = "logging in with ${option.token} for ${option.env}" },
            Extras: new JobExtras([Env, Token], Notify(
                (NotifyEvent.Start, [Webhook(receiver)]),
                (NotifyEvent.Success, [Webhook(receiver), Slack(receiver), Email()]))));
        await using var server = await TestServer.StartAsync([job], smtp: Smtp(smtp));
        using var op = server.Client("operator");
        var run = await StartAsync(op, "bake-secret", new { env = "dev", token = Secret });
        await server.WaitForOutcomeAsync(run, "succeeded");
        await receiver.WaitForAsync(r => r.At("/hook").Count == 2 && r.At("/slack").Count == 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (smtp.Messages().Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);

        // The job got the value.
        Assert.Equal($"logging in with {Secret} for dev", server.Bakes.Runs.Single().Job.Arguments!["say"]);

        using var viewer = server.Client("viewer");
        var seen = new StringBuilder();
        foreach (var path in new[] { $"/api/v1/runs/{run}", $"/api/v1/runs/{run}/log", "/api/v1/runs", "/api/v1/jobs" })
            seen.AppendLine(await viewer.GetStringAsync(path));
        seen.AppendLine(await PagesAsync(server, run));
        foreach (var r in receiver.Requests) seen.AppendLine(r.Body);
        seen.AppendLine(smtp.AllText());
        foreach (var file in Directory.GetFiles(server.Directory, "kiln.db*")) seen.AppendLine(Encoding.UTF8.GetString(File.ReadAllBytes(file)));
        var text = seen.ToString();
        Assert.Contains("logging in with *** for dev", text); // the log line is there, masked
        Assert.DoesNotContain(Secret, text);
        Assert.NotEmpty(smtp.Messages());
        Assert.Equal("dev", JsonDocument.Parse(receiver.At("/hook")[0].Body).RootElement.GetProperty("options").GetProperty("env").GetString());
        Assert.False(JsonDocument.Parse(receiver.At("/hook")[0].Body).RootElement.GetProperty("options").TryGetProperty("token", out _));
    }

    /// <summary>The run page and the runs and jobs pages, as a logged-in viewer sees them.</summary>
    private static async Task<string> PagesAsync(TestServer server, string run)
    {
        var cookies = new System.Net.CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.Address };
        var login = await http.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "viewer", ["password"] = TestServer.Password, ["returnUrl"] = "/runs",
        });
        var response = await http.PostAsync("/login", form);
        Assert.True(response.IsSuccessStatusCode || (int)response.StatusCode == 302, $"login: {(int)response.StatusCode}");
        var pages = new StringBuilder();
        foreach (var path in new[] { $"/runs/{run}", "/runs", "/jobs" })
        {
            var page = await http.GetStringAsync(path);
            Assert.Contains("kiln", page);
            pages.AppendLine(page);
        }
        Assert.Contains("env=dev", pages.ToString());
        return pages.ToString();
    }
}
