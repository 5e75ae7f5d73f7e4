using Amazon.EC2;
using Amazon.Runtime;
using Kiln.Core;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>
/// One local cloud for the integration tests: its own temporary KILN_HOME, initialized (fast once the machine's base
/// image exists), an endpoint in this process, and an AWSSDK.EC2 client pointed at it. At the end every container and
/// image tag this home made is removed, and the home with it.
/// </summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    public KilnPaths Paths { get; } = new(Directory.CreateTempSubdirectory("kiln-test-localcloud-").FullName);
    public LocalCloudLayout Layout => new(Paths);
    public LocalCloudServer Server { get; private set; } = null!;
    public AmazonEC2Client Ec2 { get; private set; } = null!;
    public string BaseImageId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var image = await LocalCloudSetup.InitAsync(Paths, TextWriter.Null, CancellationToken.None);
        BaseImageId = image.Id.Value;
        Server = await LocalCloudServer.StartAsync(Paths, null, CancellationToken.None);
        Ec2 = Client(Server.Endpoint, Server.Credentials);
    }

    /// <summary>Kiln's own AWS adapter against this endpoint.</summary>
    public Kiln.Aws.AwsCloud Adapter() => Kiln.Aws.AwsCloudFactory.Create(
        new Kiln.Core.Baking.CloudSpec(Kiln.Core.Baking.CloudKind.Local, Server.Credentials.Region), Server.Endpoint,
        new Amazon.Runtime.BasicAWSCredentials(Server.Credentials.AccessKey, Server.Credentials.SecretKey));

    public static AmazonEC2Client Client(Uri endpoint, LocalCloudCredentials credentials, string? secret = null) =>
        new(new BasicAWSCredentials(credentials.AccessKey, secret ?? credentials.SecretKey),
            new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = credentials.Region, MaxErrorRetry = 0 });

    /// <summary>A private key file (0600) for ssh -i.</summary>
    public string WriteKey(string name, string material)
    {
        var path = Path.Combine(Paths.Home, $"{name}.pem");
        KilnPaths.WritePrivateFile(path, material.EndsWith('\n') ? material : material + "\n");
        return path;
    }

    public async Task DisposeAsync()
    {
        Ec2?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        // Containers, both image repositories (EC2 and Compute Engine) and the local cloud directory.
        await LocalCloudRemoval.RemoveAsync(Paths, new PodmanClient(), CancellationToken.None);
        Directory.Delete(Paths.Home, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalCloudCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud";
}
