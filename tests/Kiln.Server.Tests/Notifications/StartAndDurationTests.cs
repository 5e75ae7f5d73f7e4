using System.Text.Json;
using Kiln.Core.Jobs;
using Kiln.Server.Jobs;
using Kiln.Server.Tests.Support;
using static Kiln.Server.Tests.Support.JobsWithExtras;

namespace Kiln.Server.Tests.Notifications;

/// <summary>`on_start` fires when a run starts; `on_duration_over` fires once while a run is still going past its
/// time, and never for a run that ended before it.</summary>
public sealed class StartAndDurationTests
{
    [Fact]
    public async Task On_start_fires_at_the_start_and_on_duration_over_once_while_a_long_run_is_still_going()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var notify = Notify((NotifyEvent.Start, [Webhook(receiver, "/start")]), (NotifyEvent.Duration, [Webhook(receiver, "/long")])) with
        {
            DurationOver = TimeSpan.FromSeconds(2),
        };
        var slow = new JobDefinition("bake-slow", JobKind.Bake, "hoge-slow-api-base", Extras: new JobExtras([], notify));
        var quick = new JobDefinition("bake-quick", JobKind.Bake, "hoge-quick-api-base", Extras: new JobExtras([], notify));
        await using var server = await TestServer.StartAsync([slow, quick]);
        using var op = server.Client("operator");

        var quickRun = await StartAsync(op, "bake-quick");
        await server.WaitForOutcomeAsync(quickRun, "succeeded");

        server.Bakes.Hold("bake-slow");
        var slowRun = await StartAsync(op, "bake-slow");
        await server.WaitForOutcomeAsync(slowRun, "running");
        await receiver.WaitForAsync(r => r.At("/start").Count == 2);
        Assert.Equal(["bake-quick", "bake-slow"], receiver.At("/start").Select(Job).Order().ToArray());
        Assert.All(receiver.At("/start"), r => Assert.Equal("running", Field(r, "outcome")));

        await receiver.WaitForAsync(r => r.At("/long").Count == 1);
        var late = Assert.Single(receiver.At("/long"));
        Assert.Equal((slowRun, "running"), (Field(late, "run_id"), Field(late, "outcome")));
        Assert.Equal("running", (await server.WaitForOutcomeAsync(slowRun, "running")).GetProperty("run").GetProperty("outcome").GetString());

        server.Bakes.Open("bake-slow");
        await server.WaitForOutcomeAsync(slowRun, "succeeded");
        await Task.Delay(2500); // a second or a late one for the quick run would have arrived by now
        Assert.Single(receiver.At("/long"));
    }

    private static string Job(HttpReceiver.Request r) => Field(r, "job");
    private static string Field(HttpReceiver.Request r, string name) => JsonDocument.Parse(r.Body).RootElement.GetProperty(name).GetString()!;
}
