using Kiln.Cli.Commands.Serve;
using Kiln.Cli.Commands.Serve.Executors;
using Kiln.Core.Baking;

namespace Kiln.Templates.Tests.Cli;

/// <summary>A deploy job's cloud: kiln.yml's cloud keys, defaulted and checked as `kiln deploy` takes its flags; without
/// `cloud:` the server's (KILN_CLOUD). Each problem names its kiln.yml key.</summary>
public class DeployJobCloudTests
{
    private static readonly CloudSpec LocalServer = new(CloudKind.Local);
    private static readonly CloudSpec LocalGcpServer = new(CloudKind.LocalGcp) { Project = GceDefaults.LocalProject, Zone = GceDefaults.LocalZone };

    private static (CloudSpec? Spec, IReadOnlyList<string> Problems) Resolve(string top, CloudSpec server)
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", top.Replace(';', '\n') + "\njobs:\n  d:\n    deploy: {family: f, group: web}\n");
        var job = KilnYmlJobs.Load(dir.Path).Jobs.Single();
        return DeployJobCloud.Resolve(job.Arguments!, server);
    }

    [Theory]
    [InlineData("keep: 3", true, "LocalGcp kiln-local us-central1-a")]               // no cloud: the server's
    [InlineData("zone: us-east1-b", true, "LocalGcp kiln-local us-east1-b")]          // kiln.yml's zone over the server's
    [InlineData("keep: 3", false, "Local")]
    [InlineData("cloud: local-gcp", false, "LocalGcp kiln-local us-central1-a")]      // kiln.yml's cloud over the server's
    [InlineData("cloud: gcp;project: my-project;zone: asia-northeast1-b", false, "Gcp my-project asia-northeast1-b")]
    [InlineData("cloud: aws;region: us-east-1;profile: hoge", true, "Aws us-east-1 hoge")]
    [InlineData("cloud: aws", true, "Aws ap-northeast-1 ")]
    [InlineData("cloud: local", true, "Local")]
    public void The_cloud_is_kiln_ymls_else_the_servers(string top, bool gceServer, string expected)
    {
        var (spec, problems) = Resolve(top, gceServer ? LocalGcpServer : LocalServer);
        Assert.Empty(problems);
        Assert.Equal(expected, spec!.Kind switch
        {
            CloudKind.Gcp or CloudKind.LocalGcp => $"{spec.Kind} {spec.Project} {spec.Zone}",
            CloudKind.Aws => $"{spec.Kind} {spec.Region} {spec.Profile}",
            _ => spec.Kind.ToString(),
        });
    }

    [Theory]
    [InlineData("cloud: gpc", "kiln.yml cloud: 'gpc' is not a cloud: use local, aws, gcp or local-gcp")]
    [InlineData("cloud: gcp", "kiln.yml project: cloud gcp needs a project: set project: in kiln.yml")]
    [InlineData("cloud: gcp;project: my-project", "kiln.yml zone: cloud gcp needs a zone")]
    [InlineData("cloud: gcp;project: P;zone: asia-northeast1-b", "kiln.yml project: 'P' is not a Google Cloud project id")]
    [InlineData("cloud: local-gcp;zone: tokyo", "kiln.yml zone: 'tokyo' is not a Compute Engine zone name")]
    [InlineData("cloud: gcp;project: my-project;zone: asia-northeast1-b;region: us-east-1", "kiln.yml region: is for cloud aws")]
    [InlineData("cloud: aws;region: tokyo", "kiln.yml region: 'tokyo' is not a region name such as ap-northeast-1")]
    [InlineData("cloud: aws;zone: us-east1-b", "kiln.yml zone: is for Compute Engine")]
    [InlineData("cloud: aws;profile: 'a b'", "kiln.yml profile: 'a b' is not a profile name")]
    public void A_bad_or_missing_value_is_a_problem_naming_its_key(string top, string problem)
    {
        var (spec, problems) = Resolve(top, LocalServer);
        Assert.Null(spec);
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }
}
