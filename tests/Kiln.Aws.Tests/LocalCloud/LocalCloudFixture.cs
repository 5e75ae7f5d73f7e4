using Amazon.Runtime;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;

namespace Kiln.Aws.Tests.LocalCloud;

/// <summary>The real local cloud in its own temporary KILN_HOME (initialized: fast once the machine's base image
/// exists), started in-process once for the class, and an AwsCloud reaching it exactly as Kiln does: service URL plus
/// the credentials the local cloud issued. At the end every container and image tag this home made is removed.</summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    private LocalCloudServer? _server;

    public KilnPaths Paths { get; } = new(Directory.CreateTempSubdirectory("kiln-test-aws-").FullName);
    public AwsCloud Cloud { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await LocalCloudSetup.InitAsync(Paths, TextWriter.Null, CancellationToken.None);
        _server = await LocalCloudServer.StartAsync(Paths, null, CancellationToken.None);
        Cloud = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, _server.Credentials.Region), _server.Endpoint,
            new BasicAWSCredentials(_server.Credentials.AccessKey, _server.Credentials.SecretKey),
            new AwsCloudOptions { Policy = new AwsPolicyOptions { PollInterval = TimeSpan.FromMilliseconds(200) } });
    }

    public async Task DisposeAsync()
    {
        Cloud?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        // Containers, both image repositories (EC2 and Compute Engine) and the local cloud directory.
        await LocalCloudRemoval.RemoveAsync(Paths, new PodmanClient(), CancellationToken.None);
        Directory.Delete(Paths.Home, recursive: true);
    }
}
