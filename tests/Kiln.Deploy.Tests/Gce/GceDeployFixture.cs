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
    /// <summary>An image without python3: the demo web server cannot start on its instances, which so never turn healthy.</summary>
    public string Broken { get; } = "hoge-dev-api-broken";

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
        await BrokenImageAsync(ct);
    }

    /// <summary>Made as a user would: an instance of the first generation, python3 removed, the instance stopped, an
    /// image inserted from its boot disk (kept: autoDelete false), then the instance and the disk deleted.</summary>
    private async Task BrokenImageAsync(CancellationToken ct)
    {
        var (project, zone, name) = (GceDefaults.LocalProject, GceDefaults.LocalZone, "broken-src");
        var podman = new PodmanClient();
        var home = $"kiln.home={new LocalCloudLayout(Paths).HomeHash}";
        var before = (await podman.ListContainersAsync(home, ct)).Keys.ToHashSet();
        await Cloud.Api.WaitAsync(project, await Cloud.Api.StartInsertInstanceAsync(project, zone, new Instance
        {
            Name = name, MachineType = $"zones/{zone}/machineTypes/e2-small",
            Disks = [new AttachedDisk(true, false, null, new AttachedDiskInitializeParams(null, $"projects/{project}/global/images/{Gen1}", null, null, null))],
        }, ct), ct);
        string? container = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); container is null; await Task.Delay(250, ct))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no container for the instance {name} within 60 s");
            container = (await podman.ListContainersAsync(home, ct)).Where(c => !before.Contains(c.Key) && c.Value == "running").Select(c => c.Key).FirstOrDefault();
        }
        await podman.CheckAsync(["exec", container, "sh", "-c", "rm -f /usr/bin/python3*"], ct);
        await Cloud.Api.StopInstanceAsync(project, zone, name, ct);
        await Cloud.Api.InsertImageAsync(project, new Image { Name = Broken, SourceDisk = $"projects/{project}/zones/{zone}/disks/{name}" }, ct);
        await Cloud.Api.DeleteInstanceAsync(project, zone, name, ct);
        await Cloud.Api.DeleteDiskAsync(project, zone, name, ct);
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
        // Containers, both image repositories (EC2 and Compute Engine) and the local cloud directory.
        await LocalCloudRemoval.RemoveAsync(Paths, new PodmanClient(), CancellationToken.None);
        Directory.Delete(Paths.Home, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class GceDeployCollection : ICollectionFixture<GceDeployFixture>
{
    public const string Name = "deploy on the local cloud's Compute Engine";
}
