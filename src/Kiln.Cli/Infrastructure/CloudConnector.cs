using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Baking.Inputs;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Gcp;
using Kiln.Gcp.Auth;
using Kiln.LocalCloud;

namespace Kiln.Cli.Infrastructure;

/// <summary>A connected cloud and whatever this process started to reach it (an in-process local cloud).</summary>
public sealed class ConnectedCloud(ICloud cloud, IAsyncDisposable? owned) : IAsyncDisposable
{
    public ICloud Cloud { get; } = cloud;

    /// <summary>The AWS adapter, for what only AWS has (deploys: launch templates, Auto Scaling groups).</summary>
    public AwsCloud Aws => Cloud as AwsCloud
        ?? throw new KilnInputException($"this runs on cloud local or aws; {Cloud.Describe} is Compute Engine");

    public async ValueTask DisposeAsync()
    {
        (Cloud as IDisposable)?.Dispose();
        if (owned is not null) await owned.DisposeAsync();
    }
}

/// <summary>One code path per API for the real cloud and the local one: the local cloud serves EC2's Query API and
/// Compute Engine's REST API on loopback, reached by setting the service URL.</summary>
public static class CloudConnector
{
    /// <summary>The cloud of a bake. On the local cloud's EC2, a bake the family's newest image already answers (its
    /// inputs, read from the state) gets a cloud that only reads that state: the answer comes without starting an
    /// endpoint (`kiln bake` up to date: 2.7 s → see bench/up-to-date). Any other bake connects as usual.</summary>
    public static async Task<ConnectedCloud> ConnectForBakeAsync(BakeSpec spec, Task<IReadOnlyList<TreeEntry>> tree, KilnPaths paths, CancellationToken ct,
        RetryLog? onRetry = null)
    {
        if (spec.Cloud.Kind == CloudKind.Local && spec.SkipWhenUpToDate && spec.Cloud.Endpoint is null
            && LocalCatalogCloud.TryOpen(paths) is { } catalog && await UpToDateCheck.IsUpToDateAsync(catalog, spec, tree, ct))
            return new ConnectedCloud(catalog, null);
        return await ConnectAsync(spec.Cloud, paths, ct, onRetry);
    }

    /// <param name="onRetry">Told about every retry of an API call (the bake writes them to its run log).</param>
    public static async Task<ConnectedCloud> ConnectAsync(CloudSpec spec, KilnPaths paths, CancellationToken ct,
        RetryLog? onRetry = null)
    {
        var gcpOptions = new GcpCloudOptions { OnRetry = onRetry is null ? null : onRetry.Notice };
        switch (spec.Kind)
        {
            case CloudKind.Aws:
                return new ConnectedCloud(AwsCloudFactory.Create(spec, options: new AwsCloudOptions { OnRetry = onRetry is null ? null : onRetry.Notice }), null);
            case CloudKind.Gcp:
                return new ConnectedCloud(await GceCloudFactory.ConnectGcpAsync(spec, gcpOptions, ct), null);
            case CloudKind.LocalGcp:
            {
                // No credentials on loopback, as gcloud's auth/disable_credentials.
                var (endpoint, _, owned) = await LocalCloudConnection.EnsureAsync(paths, ct);
                return new ConnectedCloud(GceCloudFactory.Create(spec, new Uri(endpoint, "compute/v1/"), new NoCredentials(), gcpOptions), owned);
            }
            default:
            {
                // The SDK gets ready while the local cloud starts (or is found): the two are about as long as each other.
                var warming = AwsCloudFactory.WarmUpAsync();
                var (endpoint, credentials, owned) = await LocalCloudConnection.EnsureAsync(paths, ct);
                await warming;
                var local = spec with { Region = credentials.Region };
                return new ConnectedCloud(AwsCloudFactory.Create(local, endpoint,
                    new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey),
                    new AwsCloudOptions { OnRetry = onRetry is null ? null : onRetry.Notice }), owned);
            }
        }
    }
}
