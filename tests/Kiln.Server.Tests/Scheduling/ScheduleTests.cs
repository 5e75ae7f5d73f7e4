using Kiln.Core;
using Kiln.Core.Runs;
using Kiln.Server.Jobs;
using Kiln.Server.Scheduling;
using Kiln.Server.Tests.Support;

namespace Kiln.Server.Tests.Scheduling;

public sealed class ScheduleTests
{
    [Theory]
    [InlineData("30 4 * * 1", "0 30 4 ? * MON")]
    [InlineData("0 3 * * *", "0 0 3 * * ?")]
    [InlineData("0 0 3 * * ?", "0 0 3 * * ?")]
    [InlineData("*/5 * * * * ?", "*/5 * * * * ?")]
    public void Crontab_and_quartz_forms_are_both_read(string text, string quartz)
    {
        Assert.True(CronText.TryParse(text, out var cron));
        Assert.Equal(quartz, cron!.CronExpressionString);
    }

    [Fact]
    public void Every_bad_schedule_and_time_zone_is_reported_at_once()
    {
        var problems = ScheduleSync.Validate(new StaticJobCatalog([
            new JobDefinition("a", JobKind.Bake, "f-a-b-base", Schedule: "every night"),
            new JobDefinition("b", JobKind.Bake, "f-a-c-base", Schedule: "0 3 * * *", TimeZone: "Mars/Olympus"),
            new JobDefinition("c", JobKind.Bake, "f-a-d-base", Schedule: "0 3 * * *", TimeZone: "Asia/Tokyo"),
        ]));
        Assert.Equal(2, problems.Count);
        Assert.Contains("job 'a': schedule 'every night' is not a cron expression", problems[0]);
        Assert.Contains("time zone 'Mars/Olympus' is unknown", problems[1]);
        Assert.Throws<KilnInputException>(() => KilnServer.Create(new ServerOptions { Database = null! }, new ServerParts
            { History = null!, Jobs = new StaticJobCatalog([new JobDefinition("a", JobKind.Bake, "f", Schedule: "nope")]) }));
    }

    [Fact]
    public async Task A_scheduled_job_starts_by_itself_as_user_schedule()
    {
        await using var server = await TestServer.StartAsync([TestJobs.Bake with { Schedule = "*/2 * * * * ?", TimeZone = "Asia/Tokyo" }]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<RunSummary> runs;
        do
        {
            await Task.Delay(200);
            runs = await server.Store.ListRunsAsync(new RunQuery(Job: "bake-dev-api"), default);
        } while (runs.Count == 0 && DateTime.UtcNow < deadline);
        Assert.NotEmpty(runs);
        Assert.Equal("schedule", runs[0].User);
        Assert.Contains("\"trigger\":\"schedule\"", runs[0].Arguments);
    }

    [Fact]
    public async Task A_scheduled_start_takes_the_schedule_options_and_the_defaults_of_the_rest()
    {
        var env = JobsWithExtras.Env with { Default = "dev" };
        var ticket = JobsWithExtras.Ticket with { Default = "OPS-1" };
        var job = new JobDefinition("bake-nightly", JobKind.Bake, "hoge-${option.env}-api-base", Schedule: "*/2 * * * * ?",
            Extras: new Kiln.Core.Jobs.JobExtras([env, ticket], ScheduleOptions: new Dictionary<string, string> { ["env"] = "stg" }));
        await using var server = await TestServer.StartAsync([job]);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (server.Bakes.Runs.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(200);
        var run = server.Bakes.Runs.First();
        Assert.Equal("hoge-stg-api-base", run.Job.Family);
        var options = (await server.WaitForOutcomeAsync(run.Id.Value, "succeeded")).GetProperty("run").GetProperty("options");
        Assert.Equal(("stg", "OPS-1"), (options.GetProperty("env").GetString(), options.GetProperty("ticket").GetString()));
    }
}
