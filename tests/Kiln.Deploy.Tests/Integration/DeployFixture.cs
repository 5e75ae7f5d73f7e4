using Amazon.EC2.Model;
using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.History;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;

namespace Kiln.Deploy.Tests.Integration;

/// <summary>
/// A local cloud of its own (temporary KILN_HOME, endpoint and controller in this process), Kiln's AWS adapter on
/// it, a SQLite history, and three images made cheaply with CreateImage from one running instance: two generations
/// of family hoge-dev-api-base, and a broken image whose web server cannot start (python3 removed).
/// </summary>
public sealed class DeployFixture : IAsyncLifetime
{
    public static readonly Family Family = Family.For("hoge", "dev", "api");
    public KilnPaths Paths { get; } = new(Directory.CreateTempSubdirectory("kiln-test-deploy-").FullName);
    public LocalCloudServer Server { get; private set; } = null!;
    public AwsCloud Cloud { get; private set; } = null!;
    public SqliteRunStore Store { get; private set; } = null!;
    public ImageId Gen1 { get; private set; }
    public ImageId Gen2 { get; private set; }
    public ImageId Broken { get; private set; }

    public async Task InitializeAsync()
    {
        var ct = CancellationToken.None;
        var baseImage = await LocalCloudSetup.InitAsync(Paths, TextWriter.Null, ct);
        Server = await LocalCloudServer.StartAsync(Paths, null, ct);
        var c = Server.Credentials;
        Cloud = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, c.Region), Server.Endpoint, new BasicAWSCredentials(c.AccessKey, c.SecretKey));
        Store = new SqliteRunStore(Paths.HistoryDatabase);
        await Store.MigrateAsync(ct);

        var builder = (await Cloud.Ec2CallAsync((ec2, x) => ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = baseImage.Id.Value, MinCount = 1, MaxCount = 1,
        }, x), ct)).Reservation.Instances[0].InstanceId;
        // The two generations are the same instance's disk: made at once, each waits for its own image.
        var gens = await Task.WhenAll(
            ImageAsync(builder, Family.ImageNameAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            ImageAsync(builder, Family.ImageNameAt(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero))));
        (Gen1, Gen2) = (gens[0], gens[1]);
        var layout = new LocalCloudLayout(Paths);
        await new PodmanClient().CheckAsync(["exec", layout.ContainerName(builder), "sh", "-c", "rm -f /usr/bin/python3*"], ct);
        Broken = await ImageAsync(builder, "hoge-dev-api-broken");
        await Cloud.TerminateInstanceAsync(new InstanceId(builder), ct);
    }

    private async Task<ImageId> ImageAsync(string instance, string name)
    {
        var id = await Cloud.CreateImageAsync(new InstanceId(instance), name, name, new Dictionary<string, string>(), CancellationToken.None);
        await Cloud.WaitForImageAvailableAsync(id, TimeSpan.FromMinutes(1), CancellationToken.None);
        return id;
    }

    public DeployEngine Engine(DeployTimings? timings = null) =>
        new(Cloud, Store, TimeProvider.System, timings ?? new DeployTimings { Poll = TimeSpan.FromMilliseconds(250), Healthy = TimeSpan.FromSeconds(90) });

    public async Task DisposeAsync()
    {
        Cloud?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (Store is not null) await Store.DisposeAsync();
        // Containers, both image repositories (EC2 and Compute Engine) and the local cloud directory.
        await LocalCloudRemoval.RemoveAsync(Paths, new PodmanClient(), CancellationToken.None);
        Directory.Delete(Paths.Home, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<DeployFixture>
{
    public const string Name = "deploy on the local cloud";
}
