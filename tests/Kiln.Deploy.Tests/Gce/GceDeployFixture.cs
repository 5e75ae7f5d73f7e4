using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Naming;
using Kiln.Gcp;
using Kiln.Gcp.Api;
using Kiln.Gcp.Auth;
using Kiln.Gcp.Deploy;
using Kiln.History;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;

namespace Kiln.Deploy.Tests.Gce;

/// <summary>A local cloud of its own (temporary KILN_HOME, endpoint and controller in this process), Kiln's Compute
/// Engine adapter on its Compute endpoint, a SQLite history, and two generations of family hoge-dev-api-base made
/// with images.insert from the local Debian 12 image.</summary>
public sealed class GceDeployFixture : IAsyncLifetime
{
    public static readonly Family Family = Family.For("hoge", "dev", "api");
    public KilnPaths Paths { get; } = new(Directory.CreateTempSubdirectory("kiln-test-gce-deploy-").FullName);
    public LocalCloudServer Server { get; private set; } = null!;
    public GceCloud Cloud { get; private set; } = null!;
    public SqliteRunStore Store { get; private set; } = null!;
    public string Gen1 { get; } = Family.ImageNameAt(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public string Gen2 { get; } = Family.ImageNameAt(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var ct = CancellationToken.None;
        await LocalCloudSetup.InitAsync(Paths, TextWriter.Null, ct);
        Server = await LocalCloudServer.StartAsync(Paths, null, ct);
        Cloud = GceCloudFactory.Create(new CloudSpec(CloudKind.LocalGcp) { Project = GceDefaults.LocalProject, Zone = GceDefaults.LocalZone },
            new Uri(Server.Endpoint, "compute/v1/"), new NoCredentials());
        Store = new SqliteRunStore(Paths.HistoryDatabase);
        await Store.MigrateAsync(ct);
        foreach (var name in new[] { Gen1, Gen2 })
            await Cloud.Api.InsertImageAsync(GceDefaults.LocalProject, new Image
            {
                Name = name, SourceImage = "projects/debian-cloud/global/images/family/debian-12",
                Labels = new Dictionary<string, string> { ["kiln-family"] = Family.Name },
            }, ct);
    }

    public DeployEngine Engine(DeployTimings? timings = null)
    {
        timings ??= new DeployTimings { Poll = TimeSpan.FromMilliseconds(250), Healthy = TimeSpan.FromSeconds(120) };
        return new DeployEngine(new GceDeployProvider(Cloud, timings), Store, TimeProvider.System, timings);
    }

    public async Task DisposeAsync()
    {
        Cloud?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (Store is not null) await Store.DisposeAsync();
        var podman = new PodmanClient();
        var layout = new LocalCloudLayout(Paths);
        foreach (var name in (await podman.ListContainersAsync($"kiln.home={layout.HomeHash}", CancellationToken.None)).Keys)
            await podman.RemoveContainerAsync(name, CancellationToken.None);
        foreach (var tag in await podman.ListImagesAsync(layout.ImageRepository, CancellationToken.None))
            await podman.RemoveImageAsync(tag, CancellationToken.None);
        Directory.Delete(Paths.Home, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class GceDeployCollection : ICollectionFixture<GceDeployFixture>
{
    public const string Name = "deploy on the local cloud's Compute Engine";
}
