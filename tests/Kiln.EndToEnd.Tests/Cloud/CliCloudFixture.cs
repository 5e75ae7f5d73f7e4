using System.Text.RegularExpressions;
using Amazon.EC2;
using Amazon.Runtime;
using Kiln.Core;
using Kiln.EndToEnd.Tests.Cli;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;

namespace Kiln.EndToEnd.Tests.Cloud;

/// <summary>One temporary KILN_HOME per collection, set up the way a user does: `kiln local-cloud init`, then
/// `kiln local-cloud serve` in the background so every kiln process of the collection and the tests' own AWS SDK
/// client see one endpoint. At the end the serve stops and every container and image tag of this home is removed.</summary>
public sealed partial class CliCloudFixture : IAsyncLifetime
{
    public string Home { get; } = Directory.CreateTempSubdirectory("kiln-e2e-").FullName;
    public KilnCli Kiln => new(Home);
    public AmazonEC2Client Ec2 { get; private set; } = null!;
    public CloudProbe Cloud { get; private set; } = null!;
    /// <summary>The same endpoint's Compute Engine API (cloud local-gcp).</summary>
    public GceProbe Gce { get; private set; } = null!;
    public string BaseImageId { get; private set; } = "";
    public string Region { get; private set; } = "";
    private KilnProcess? _serve;
    private AWSCredentials? _credentials;
    private string _endpoint = "";

    public async Task InitializeAsync()
    {
        // The first init on a machine runs debootstrap (about 2 minutes); test.sh has done it before the tests.
        var init = await Kiln.RunAsync(["local-cloud", "init"], null, TimeSpan.FromMinutes(10));
        if (init.ExitCode != 0) throw new InvalidOperationException($"kiln local-cloud init failed: {init}");
        BaseImageId = BaseImage().Match(init.Stdout).Groups[1].Value;

        _serve = Kiln.Start(["local-cloud", "serve", "--quiet"]);
        await _serve.WaitForLineAsync(l => l.StartsWith("local cloud listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var env = await Kiln.RunAsync("local-cloud", "env");
        string Value(string name) => Regex.Match(env.Stdout, $"^export {name}=(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
        Region = Value("AWS_DEFAULT_REGION");
        _credentials = new BasicAWSCredentials(Value("AWS_ACCESS_KEY_ID"), Value("AWS_SECRET_ACCESS_KEY"));
        _endpoint = Value("AWS_ENDPOINT_URL_EC2");
        Ec2 = Ec2In(Region);
        Cloud = new CloudProbe(Ec2, Home);
        var gcloud = await Kiln.RunAsync("local-cloud", "env", "--gcloud");
        string GcloudValue(string name) => Regex.Match(gcloud.Stdout, $"^export {name}=(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
        Gce = new GceProbe(new Uri(GcloudValue("CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE")), GcloudValue("CLOUDSDK_CORE_PROJECT"), Home);
    }

    /// <summary>An SDK client of the same endpoint signed for <paramref name="region"/> (the local cloud answers for the
    /// region a request is signed for, as EC2 does), for the caller to dispose.</summary>
    public AmazonEC2Client Ec2In(string region) =>
        new(_credentials, new AmazonEC2Config { ServiceURL = _endpoint, AuthenticationRegion = region });

    public async Task DisposeAsync()
    {
        Ec2?.Dispose();
        Gce?.Dispose();
        if (_serve is not null)
        {
            _serve.Signal(KilnProcess.SIGTERM);
            await _serve.WaitAsync(TimeSpan.FromSeconds(60));
            _serve.Dispose();
        }
        // Containers, both image repositories (EC2 and Compute Engine) and the local cloud directory.
        await LocalCloudRemoval.RemoveAsync(new KilnPaths(Home), new PodmanClient(), CancellationToken.None);
        Directory.Delete(Home, recursive: true);
    }

    [GeneratedRegex(@"base image (ami-[0-9a-f]+)")]
    private static partial Regex BaseImage();
}
