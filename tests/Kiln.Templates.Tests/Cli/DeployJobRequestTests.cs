using Kiln.Cli.Commands.Serve;
using Kiln.Cli.Commands.Serve.Executors;
using Kiln.Deploy;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.Cli;

/// <summary>kiln.yml's deploy and rollback jobs, through the server's job arguments, become the request `kiln deploy`
/// and `kiln rollback` make, with the command's defaults for the server's cloud.</summary>
public class DeployJobRequestTests
{
    private static readonly Kiln.Core.RunId Run = new("20260101-000000-abcdef");

    private static (DeployJobRequest Job, DeployRequest Request) Read(string deploy, bool gce)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", $"jobs:\n  d:\n    {deploy}\n");
        var job = KilnYmlJobs.ToServer(KilnConfigReader.ReadJobs(dir.Path).Single());
        var request = DeployJobRequest.From(job.Arguments!, gce);
        return (request, request.Complete(new DeployRequest(Run, request.Kind, new("f"), job.Group!, request.Strategy, "")));
    }

    [Theory]
    [InlineData("deploy: {family: f, group: web}", true, DeployKind.Deploy, DeployStrategy.Rolling)]
    [InlineData("deploy: {family: f, group: web}", false, DeployKind.Deploy, DeployStrategy.BlueGreen)]
    [InlineData("deploy: {family: f, group: web, strategy: rolling}", false, DeployKind.Deploy, DeployStrategy.Rolling)]
    [InlineData("deploy: {family: f, group: web, canary: 20%}", true, DeployKind.Deploy, DeployStrategy.Canary)]
    [InlineData("rollback: {family: f, group: web}", true, DeployKind.Rollback, DeployStrategy.BlueGreen)]
    [InlineData("deploy: {family: f, group: web, create: {lb: web:18080}}", true, DeployKind.Create, DeployStrategy.Rolling)]
    public void Kind_and_strategy_follow_the_command_for_the_servers_cloud(string deploy, bool gce, DeployKind kind, DeployStrategy strategy)
    {
        var (job, _) = Read(deploy, gce);
        Assert.Empty(job.Problems);
        Assert.Equal((kind, strategy), (job.Kind, job.Strategy));
    }

    [Fact]
    public void Create_on_compute_engine_serves_on_the_forwarding_rules_port()
    {
        var (job, r) = Read("deploy: {family: f, group: web, timeout: 90, min_healthy: 100, create: {lb: web-lb:18080, capacity: 1}}", true);
        Assert.Equal(new CreateOptions("web-lb", 18080, 1, 18080, null, "e2-small"), r.Create);
        Assert.Equal((100, 90), (r.MinHealthyPercentage, job.TimeoutSeconds));
    }

    [Fact]
    public void Create_on_ec2_serves_on_port_8000_unless_told()
    {
        var (_, r) = Read("deploy: {family: f, group: web, create: {lb: tg:18081, port: 9000}}", false);
        Assert.Equal(new CreateOptions("tg", 18081, 2, 9000, null, "t2.micro"), r.Create);
    }

    [Theory]
    [InlineData("deploy: {family: f, group: web, canary: 20%}", false, "canary and promote run on Compute Engine")]
    [InlineData("deploy: {family: f, group: web, create: {lb: web:18080, port: 9000}}", true, "port 9000: behind a passthrough load balancer")]
    public void What_the_servers_cloud_cannot_do_is_refused_before_any_call(string deploy, bool gce, string expected)
    {
        var (job, _) = Read(deploy, gce);
        Assert.Contains(job.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
