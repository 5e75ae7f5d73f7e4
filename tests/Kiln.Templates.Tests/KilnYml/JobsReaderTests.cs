using Kiln.Core;
using Kiln.Core.Naming;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

public class JobsReaderTests
{
    [Fact]
    public void Jobs_are_read_with_chains_schedules_and_concurrency()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", """
            jobs:
              bake-dev-api:
                bake: {account: hoge, env: dev, category: api}
                then: deploy-dev-api
                schedule: "0 3 * * 1-5"
                timezone: Asia/Tokyo
                concurrency: refuse
              deploy-dev-api:
                deploy: {family: hoge-dev-api-base, group: hoge-dev-api-asg}
                then: [prune-dev-api]
              prune-dev-api:
                prune: {account: hoge, env: dev, category: api, keep: 3}
            """);
        var jobs = KilnConfigReader.ReadJobs(dir.Path);

        Assert.Equal(3, jobs.Count);
        Assert.Equal(new JobDefinition("bake-dev-api", new JobAction.Bake("hoge", "dev", "api", dir.Path, null), ["deploy-dev-api"],
            new JobSchedule("0 3 * * 1-5", "Asia/Tokyo"), JobConcurrency.Refuse) with { Then = jobs[0].Then }, jobs[0]);
        Assert.Equal(["deploy-dev-api"], jobs[0].Then);
        Assert.Equal(new JobAction.Deploy(new Family("hoge-dev-api-base"), "hoge-dev-api-asg"), jobs[1].Action);
        Assert.Equal(JobConcurrency.Queue, jobs[1].Concurrency);
        Assert.Null(jobs[1].Schedule);
        Assert.Equal(new JobAction.Prune(new Family("hoge-dev-api-base"), 3), jobs[2].Action);
    }

    [Fact]
    public void No_jobs_section_means_no_jobs()
    {
        using var dir = Fixtures.CopyHoge();
        Assert.Empty(KilnConfigReader.ReadJobs(dir.Path));
    }

    [Theory]
    [InlineData("a:\n  bake: {account: hoge, env: dev, category: api}\n  then: b\n", "then names 'b', which is not a job here")]
    [InlineData("a:\n  prune: {family: f}\n  then: b\nb:\n  prune: {family: f}\n  then: a\n", "then makes a loop: a → b → a")]
    [InlineData("a:\n  prune: {family: f}\n  schedule: \"every day\"\n", "'every day' is not a cron schedule")]
    [InlineData("a:\n  prune: {family: f}\n  schedule: \"0 3 * * *\"\n  timezone: Mars/Olympus\n", "'Mars/Olympus' is not a time zone")]
    [InlineData("a:\n  prune: {family: f}\n  concurrency: parallel\n", "'parallel' is not a concurrency: use queue or refuse")]
    [InlineData("a:\n  prune: {family: f}\n  deploy: {family: f, group: g}\n", "a job does one thing: it has deploy and prune")]
    [InlineData("a:\n  then: b\n", "a job needs one of bake:, deploy: or prune:")]
    [InlineData("a:\n  deploy: {family: f}\n", "deploy needs the Auto Scaling group's name")]
    [InlineData("a:\n  bake: {account: hoge, env: qa, category: api}\n", "this bake would fail: env 'qa' has no playbook")]
    [InlineData("Bad_Name:\n  prune: {family: f}\n", "job name 'Bad_Name' may hold only")]
    [InlineData("a:\n  prune: {family: f, keep: 0}\n", "0 is out of range")]
    [InlineData("a:\n  prune: {family: f}\n  shedule: x\n", "unknown option 'shedule' for job 'a' (did you mean 'schedule'?)")]
    public void Bad_jobs_are_explained(string jobs, string expected)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "jobs:\n" + string.Join("\n", jobs.Split('\n').Select(l => l.Length > 0 ? "  " + l : l)));
        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.ReadJobs(dir.Path));
        Assert.Contains(e.Problems, p => p.Contains(expected));
    }
}
