using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Notifications;

/// <summary>Notifications to a real HTTP receiver (webhook and Slack format) and a real SMTP server (aiosmtpd), from
/// runs of the scripted executor.</summary>
public sealed class NotificationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_failing_job_with_one_retry_sends_one_webhook_one_slack_message_and_one_mail_after_its_second_attempt()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        await using var smtp = await TestSmtp.StartAsync();
        var job = new JobDefinition("bake-flaky", JobKind.Bake, "hoge-flaky-api-base", Arguments: new Dictionary<string, string> { ["fail"] = "true" },
            Extras: new JobExtras([Env], Notify((NotifyEvent.Failure, [Webhook(receiver), Slack(receiver), Email()]), (NotifyEvent.Retry, [Webhook(receiver, "/retry")])),
                new RetrySpec(1, TimeSpan.FromSeconds(1))));
        await using var server = await TestServer.StartAsync([job], smtp: Smtp(smtp));
        using var op = server.Client("operator");
        var first = await StartAsync(op, "bake-flaky", new { env = "stg" });
        var firstDone = await server.WaitForOutcomeAsync(first, "failed");

        // The first attempt announces the retry, not a failure; its page links the next attempt.
        await receiver.WaitForAsync(r => r.At("/retry").Count == 1);
        var second = await WaitForNextAttemptAsync(server, first);
        var secondDone = await server.WaitForOutcomeAsync(second, "failed");
        Assert.Equal(first, secondDone.GetProperty("run").GetProperty("previous").GetString());
        Assert.Equal(2, secondDone.GetProperty("run").GetProperty("attempt").GetInt32());
        Assert.Equal("stg", secondDone.GetProperty("run").GetProperty("options").GetProperty("env").GetString());

        await receiver.WaitForAsync(r => r.At("/hook").Count >= 1 && r.At("/slack").Count >= 1);
        var mailDeadline = DateTime.UtcNow.AddSeconds(30);
        while (smtp.Messages().Count == 0 && DateTime.UtcNow < mailDeadline) await Task.Delay(100);
        await Task.Delay(2000); // anything extra would arrive now
        var secondFinished = secondDone.GetProperty("run").GetProperty("finished").GetDateTimeOffset();

        var hook = Assert.Single(receiver.At("/hook"));
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(second, payload.GetProperty("run_id").GetString());
        Assert.Equal("failed", payload.GetProperty("outcome").GetString());
        Assert.Equal("bake-flaky", payload.GetProperty("job").GetString());
        Assert.Equal("stg", payload.GetProperty("options").GetProperty("env").GetString());
        Assert.Equal("hoge-flaky-api-base", payload.GetProperty("family").GetString());
        Assert.Equal(2, payload.GetProperty("attempt").GetInt32());
        Assert.Contains(payload.GetProperty("last_log").EnumerateArray(), l => l.GetString()!.Contains("the playbook failed on task 3"));
        Assert.EndsWith($"/runs/{second}", payload.GetProperty("url").GetString());
        Assert.True(hook.At >= secondFinished.AddSeconds(-1), "the failure webhook came before the last attempt ended");

        var slack = JsonDocument.Parse(Assert.Single(receiver.At("/slack")).Body).RootElement;
        Assert.Contains("bake-flaky", slack.GetProperty("text").GetString());
        Assert.Equal("danger", slack.GetProperty("attachments")[0].GetProperty("color").GetString());

        var mail = Assert.Single(smtp.Messages());
        Assert.Equal("ops@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Contains(second, mail.Subject);
        Assert.Contains("the playbook failed on task 3", mail.TextBody);

        // Recorded on the run: destination (never the URL), status, attempts.
        var record = await server.WaitForOutcomeAsync(second, "failed");
        var sent = record.GetProperty("notifications").EnumerateArray().ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, n => Assert.Equal("delivered", n.GetProperty("state").GetString()));
        Assert.Contains(sent, n => n.GetProperty("kind").GetString() == "slack" && n.GetProperty("destination").GetString() == "${env.SLACK_URL}" && n.GetProperty("statusCode").GetInt32() == 200);
        Assert.Contains(sent, n => n.GetProperty("kind").GetString() == "email" && n.GetProperty("statusCode").GetInt32() == 250);
        Assert.DoesNotContain(receiver.Url("/slack"), record.ToString());
        var firstRecord = await server.WaitForOutcomeAsync(first, "failed");
        Assert.Equal(second, firstRecord.GetProperty("nextAttempt").GetString());
        Assert.Equal("retry", Assert.Single(firstRecord.GetProperty("notifications").EnumerateArray()).GetProperty("event").GetString());
        _ = firstDone;
    }

    [Fact]
    public async Task A_receiver_that_hangs_or_answers_500_delays_no_run_and_its_failure_is_recorded_on_the_run()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        receiver.Behaviour["/hang"] = HttpReceiver.Hang;
        receiver.Behaviour["/broken"] = 500;
        var noisy = Notify((NotifyEvent.Start, [Webhook(receiver, "/hang"), Webhook(receiver, "/broken")]),
            (NotifyEvent.Success, [Webhook(receiver, "/hang"), Slack(receiver, "/broken")]));
        var quiet = new JobDefinition("bake-quiet", JobKind.Bake, "hoge-quiet-api-base");
        var loud = new JobDefinition("bake-loud", JobKind.Bake, "hoge-loud-api-base", Extras: new JobExtras([], noisy));
        await using var server = await TestServer.StartAsync([quiet, loud]);
        using var op = server.Client("operator");

        // Side by side, several times: the time from start to a recorded outcome, with and without notifications.
        var (withNotify, without) = (new List<double>(), new List<double>());
        for (var i = 0; i < 3; i++)
        {
            without.Add(await TimedRunAsync(server, op, "bake-quiet"));
            withNotify.Add(await TimedRunAsync(server, op, "bake-loud"));
        }
        var delay = withNotify.Order().ElementAt(1) - without.Order().ElementAt(1);
        output.WriteLine($"start to outcome, median of 3: {withNotify.Order().ElementAt(1):0.000} s with a hanging and a 500 receiver, {without.Order().ElementAt(1):0.000} s without ({delay * 1000:0} ms)");
        Assert.True(delay < 1.0, $"runs with a hanging and a failing receiver took {delay:0.00} s longer (medians {withNotify.Order().ElementAt(1):0.00} vs {without.Order().ElementAt(1):0.00} s)");

        await receiver.WaitForAsync(r => r.At("/broken").Count >= 2 && r.At("/hang").Count >= 2);
        var run = (await server.Client("viewer").GetFromJsonAsync<JsonElement>("/api/v1/runs?job=bake-loud")).GetProperty("runs")[0].GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var record = await server.WaitForOutcomeAsync(run, "succeeded");
            Assert.Equal("succeeded", record.GetProperty("run").GetProperty("outcome").GetString());
            var broken = record.GetProperty("notifications").EnumerateArray().Where(n => n.GetProperty("destination").GetString() == "${env.SLACK_URL}").ToList();
            if (broken.Count == 1 && broken[0].GetProperty("statusCode").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(500, broken[0].GetProperty("statusCode").GetInt32());
                Assert.Equal("pending", broken[0].GetProperty("state").GetString()); // tried again later, with backoff
                Assert.Contains("500", broken[0].GetProperty("lastError").GetString());
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the 500 was not recorded on the run");
            await Task.Delay(200);
        }
    }

    private static async Task<double> TimedRunAsync(TestServer server, HttpClient op, string job)
    {
        var watch = Stopwatch.StartNew();
        var run = await StartAsync(op, job);
        await server.WaitForOutcomeAsync(run, "succeeded");
        return watch.Elapsed.TotalSeconds;
    }

    public static async Task<string> WaitForNextAttemptAsync(TestServer server, string run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var record = await server.WaitForOutcomeAsync(run, "failed", "timed-out");
            if (record.GetProperty("nextAttempt").GetString() is { } next) return next;
            Assert.True(DateTime.UtcNow < deadline, $"run {run} was not retried");
            await Task.Delay(100);
        }
    }
}
