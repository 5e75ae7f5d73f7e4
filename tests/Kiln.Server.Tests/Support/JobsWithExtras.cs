using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;

namespace Kiln.Server.Tests.Support;

/// <summary>Jobs with options, notifications, retries, time-outs and failure handlers, for the scripted executor.</summary>
public static class JobsWithExtras
{
    public static readonly JobOptionSpec Env = new("env", ["dev", "stg"], Required: true, Description: "the environment");
    public static readonly JobOptionSpec Ticket = new("ticket", Pattern: @"[A-Z]+-\d+", Description: "change ticket");
    public static readonly JobOptionSpec Team = new("team", Required: true);
    public static readonly JobOptionSpec Token = new("token", Secure: true);

    public static NotifyDestination Webhook(HttpReceiver r, string path = "/hook") => new(DestinationKind.Webhook, r.Url(path), "http://127.0.0.1/…");
    public static NotifyDestination Slack(HttpReceiver r, string path = "/slack") => new(DestinationKind.Slack, r.Url(path), "${env.SLACK_URL}");
    public static NotifyDestination Email(string to = "ops@example.com") => new(DestinationKind.Email, to, to);
    public static SmtpSettings Smtp(TestSmtp smtp) => new("127.0.0.1", smtp.Port, "kiln@example.com");

    public static NotifySpec Notify(params (NotifyEvent Event, NotifyDestination[] To)[] on) =>
        new(on.ToDictionary(o => o.Event, o => (IReadOnlyList<NotifyDestination>)o.To));

    public static async Task<string> StartAsync(HttpClient op, string job, object? options = null)
    {
        var response = await op.PostAsJsonAsync($"/api/v1/jobs/{job}/runs", new { options });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"start of {job}: {(int)response.StatusCode} {body}");
        return body.GetProperty("run").GetString()!;
    }
}
