using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.History;
using Kiln.LocalCloud;

namespace Kiln.Baking.Tests.Integration;

/// <summary>The real thing: the local cloud of this KILN_HOME (podman, sshd), reached through AwsCloud over HTTP,
/// and the SQLite history. `./test.sh` runs `kiln local-cloud init` before the tests.</summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    public KilnPaths Paths { get; } = KilnPaths.FromEnvironment();
    public ICloud Cloud { get; private set; } = null!;
    public SqliteRunStore Store { get; private set; } = null!;
    private IAsyncDisposable? _server;

    public async Task InitializeAsync()
    {
        var (endpoint, credentials, owned) = await LocalCloudConnection.EnsureAsync(Paths, CancellationToken.None);
        _server = owned;
        Cloud = AwsCloudFactory.Create(new CloudSpec(CloudKind.Local, credentials.Region), endpoint,
            new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey));
        Store = new SqliteRunStore(Paths.HistoryDatabase);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalCloudCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud";
}
