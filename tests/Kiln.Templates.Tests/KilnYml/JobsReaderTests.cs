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
        Assert.Equal(new JobAction.Prune(new Family("hoge-dev-api-base"), "3"), jobs[2].Action);
    }

    [Fact]
    public void Options_notifications_retry_timeout_and_failure_handlers_are_read()
    {
        using var dir = Fixtures.CopyHoge();
        Environment.SetEnvironmentVariable("KILN_TEST_SLACK_URL", "https://hooks.example.com/services/T0/B0/s3cret");
        dir.Write("kiln.yml", """
            smtp: {host: 127.0.0.1, port: 2525, from: kiln@example.com, password: "${env.KILN_TEST_SLACK_URL}"}
            jobs:
              bake-any:
                bake: {account: hoge, env: "${option.env}", category: api, extra_vars: {ticket: "${option.ticket}"}}
                options:
                  env: {values: [dev, stg], default: dev, required: true, description: the environment}
                  ticket: {regex: "[A-Z]+-[0-9]+"}
                  token: {secure: true}
                notify:
                  on_failure: [{webhook: "https://example.com/hook"}, {slack: "${env.KILN_TEST_SLACK_URL}"}, {email: [ops@example.com]}]
                  on_duration_over: {after: 30m, to: [{email: [ops@example.com]}]}
                retry: {count: 2, delay: 5m}
                timeout: 45m
                on_failure: cleanup
                schedule: "0 3 * * *"
                schedule_options: {env: stg}
              cleanup:
                prune: {family: hoge-dev-api-base}
            """);
        var job = KilnConfigReader.ReadJobs(dir.Path)[0];
        var bake = Assert.IsType<JobAction.Bake>(job.Action);
        Assert.Equal("${option.env}", bake.Env);
        Assert.Equal("${option.ticket}", bake.ExtraVars!["ticket"]);
        Assert.Equal(["env", "ticket", "token"], job.Extras.Options.Select(o => o.Name));
        Assert.True(job.Extras.Options[2].Secure);
        Assert.Equal(["dev", "stg"], job.Extras.Options[0].Values);
        var failure = job.Extras.Notify!.For(Kiln.Core.Jobs.NotifyEvent.Failure);
        Assert.Equal(3, failure.Count);
        Assert.Equal("https://hooks.example.com/services/T0/B0/s3cret", failure[1].Target);
        Assert.Equal("${env.KILN_TEST_SLACK_URL}", failure[1].Display);
        Assert.Equal("https://example.com/…", failure[0].Display);
        Assert.Equal(TimeSpan.FromMinutes(30), job.Extras.Notify.DurationOver);
        Assert.Equal(new Kiln.Core.Jobs.RetrySpec(2, TimeSpan.FromMinutes(5)), job.Extras.Retry);
        Assert.Equal(TimeSpan.FromMinutes(45), job.Extras.Timeout);
        Assert.Equal(["cleanup"], job.Extras.OnFailure);
        Assert.Equal("stg", job.Extras.ScheduleOptions!["env"]);
        Assert.Equal("https://hooks.example.com/services/T0/B0/s3cret", KilnConfigReader.ReadSmtp(dir.Path)!.Password);
    }

    [Fact]
    public void No_jobs_section_means_no_jobs()
    {
        using var dir = Fixtures.CopyHoge();
        Assert.Empty(KilnConfigReader.ReadJobs(dir.Path));
    }

    [Fact]
    public void Deploy_and_rollback_jobs_take_the_deploy_commands_options()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", """
            jobs:
              first:
                deploy: {family: f, group: web, create: {lb: web-lb:18080, capacity: 1, machine_type: e2-micro}, timeout: 120}
              update:
                deploy: {family: f, group: web, strategy: rolling, min_healthy: 100}
              try:
                deploy: {family: f, group: web, canary: 25%}
              finish:
                deploy: {family: f, group: web, strategy: canary, promote: true}
              back:
                rollback: {family: f, group: web}
            """);
        var jobs = KilnConfigReader.ReadJobs(dir.Path).ToDictionary(j => j.Name, j => (JobAction.Deploy)j.Action);

        Assert.Equal(new DeployJobOptions(Timeout: 120, Create: new DeployCreate("web-lb", 18080, 1, null, "e2-micro")), jobs["first"].Options);
        Assert.Equal(new DeployJobOptions(Strategy: "rolling", MinHealthy: 100), jobs["update"].Options);
        Assert.Equal(new DeployJobOptions(Strategy: "canary", Canary: 25), jobs["try"].Options);
        Assert.Equal(new DeployJobOptions(Strategy: "canary", Promote: true), jobs["finish"].Options);
        Assert.Equal(new DeployJobOptions(Rollback: true), jobs["back"].Options);
        Assert.All(jobs.Values, d => Assert.Equal(("f", "web"), (d.Family.Name, d.Group)));
    }

    [Theory]
    [InlineData("a:\n  bake: {account: hoge, env: dev, category: api}\n  then: b\n", "then names 'b', which is not a job here")]
    [InlineData("a:\n  prune: {family: f}\n  then: b\nb:\n  prune: {family: f}\n  then: a\n", "then makes a loop: a → b → a")]
    [InlineData("a:\n  prune: {family: f}\n  schedule: \"every day\"\n", "'every day' is not a cron schedule")]
    [InlineData("a:\n  prune: {family: f}\n  schedule: \"0 3 * * *\"\n  timezone: Mars/Olympus\n", "'Mars/Olympus' is not a time zone")]
    [InlineData("a:\n  prune: {family: f}\n  concurrency: parallel\n", "'parallel' is not a concurrency: use queue or refuse")]
    [InlineData("a:\n  prune: {family: f}\n  deploy: {family: f, group: g}\n", "a job does one thing: it has deploy and prune")]
    [InlineData("a:\n  then: b\n", "a job needs one of bake:, deploy:, rollback: or prune:")]
    [InlineData("a:\n  deploy: {family: f}\n", "deploy needs the group's name")]
    [InlineData("a:\n  rollback: {family: f}\n", "rollback needs the group's name")]
    [InlineData("a:\n  rollback: {family: f, group: g, strategy: rolling}\n", "unknown option 'strategy'")]
    [InlineData("a:\n  deploy: {family: f, group: g, strategy: big-bang}\n", "strategy 'big-bang' is not known: use rolling, blue-green or canary")]
    [InlineData("a:\n  deploy: {family: f, group: g, strategy: canary}\n", "strategy canary needs canary: N%")]
    [InlineData("a:\n  deploy: {family: f, group: g, canary: 100%}\n", "canary '100%' must be a share between 1% and 99%")]
    [InlineData("a:\n  deploy: {family: f, group: g, create: {capacity: 1}}\n", "create needs lb: NAME:PORT")]
    [InlineData("a:\n  deploy: {family: f, group: g, create: {lb: web:80, capacity: 11}}\n", "11 is out of range")]
    [InlineData("a:\n  deploy: {family: f, group: g, create: {lb: web:80, port: 22}}\n", "port must be a port other than 22")]
    [InlineData("a:\n  deploy: {family: f, group: g, create: {lb: web:80, size: 2}}\n", "unknown option 'size'")]
    [InlineData("a:\n  deploy: {family: f, group: g, timeout: 0}\n", "0 is out of range")]
    [InlineData("a:\n  deploy: {family: f, group: g, promote: true, canary: 10%}\n", "promote finishes the canary under way")]
    [InlineData("a:\n  deploy: {family: f, group: \"web group\"}\n", "group may hold only letters, digits")]
    [InlineData("a:\n  bake: {account: hoge, env: qa, category: api}\n", "this bake would fail: env 'qa' has no playbook")]
    [InlineData("Bad_Name:\n  prune: {family: f}\n", "job name 'Bad_Name' may hold only")]
    [InlineData("a:\n  prune: {family: f, keep: 0}\n", "0 is out of range")]
    [InlineData("a:\n  prune: {family: f}\n  shedule: x\n", "unknown option 'shedule' for job 'a' (did you mean 'schedule'?)")]
    [InlineData("a:\n  prune: {family: \"f-${option.env}\"}\n", "${option.env} names no option of this job")]
    [InlineData("a:\n  prune: {family: f}\n  options: {env: {values: [dev, stg], default: prod}}\n", "the default does not fit: option 'env': 'prod' is not one of dev, stg")]
    [InlineData("a:\n  prune: {family: f}\n  options: {t: {regex: \"[a-\"}}\n", "is not a regular expression")]
    [InlineData("a:\n  prune: {family: f}\n  retry: {delay: 5m}\n", "retry needs count")]
    [InlineData("a:\n  prune: {family: f}\n  timeout: soon\n", "expected a duration")]
    [InlineData("a:\n  prune: {family: f}\n  on_failure: b\n", "on_failure names 'b', which is not a job here")]
    [InlineData("a:\n  prune: {family: f}\n  notify: {on_failure: [{webhook: ftp://x}]}\n", "webhook: give an http or https URL")]
    [InlineData("a:\n  prune: {family: f}\n  notify: {on_failure: [{slack: \"${env.KILN_TEST_UNSET_VAR}\"}]}\n", "the environment variable KILN_TEST_UNSET_VAR is not set")]
    [InlineData("a:\n  prune: {family: f}\n  notify: {on_failure: [{email: [not-an-address]}]}\n", "'not-an-address' is not an email address")]
    [InlineData("a:\n  prune: {family: f}\n  options: {env: {values: [dev]}}\n  schedule: \"0 3 * * *\"\n  schedule_options: {env: prod}\n", "option 'env': 'prod' is not one of dev")]
    public void Bad_jobs_are_explained(string jobs, string expected)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "jobs:\n" + string.Join("\n", jobs.Split('\n').Select(l => l.Length > 0 ? "  " + l : l)));
        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.ReadJobs(dir.Path));
        Assert.Contains(e.Problems, p => p.Contains(expected));
    }
}
