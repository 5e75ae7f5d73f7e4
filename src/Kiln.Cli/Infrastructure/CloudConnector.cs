using Amazon.Runtime;
using Kiln.Aws;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.LocalCloud;

namespace Kiln.Cli.Infrastructure;

/// <summary>A connected cloud and whatever this process started to reach it (an in-process local cloud).</summary>
public sealed class ConnectedCloud(AwsCloud cloud, IAsyncDisposable? owned) : IAsyncDisposable
{
    public AwsCloud Cloud { get; } = cloud;

    public async ValueTask DisposeAsync()
    {
        Cloud.Dispose();
        if (owned is not null) await owned.DisposeAsync();
    }
}

/// <summary>One code path for both clouds: the local cloud is AWS's API on loopback, reached by its service URL.</summary>
public static class CloudConnector
{
    /// <param name="onRetry">Told about every retry of an API call (the bake writes them to its run log).</param>
    public static async Task<ConnectedCloud> ConnectAsync(CloudSpec spec, KilnPaths paths, CancellationToken ct,
        Action<AwsRetryNotice>? onRetry = null)
    {
        var options = new AwsCloudOptions { OnRetry = onRetry };
        if (spec.Kind == CloudKind.Aws) return new ConnectedCloud(AwsCloudFactory.Create(spec, options: options), null);
        // The SDK gets ready while the local cloud starts (or is found): the two are about as long as each other.
        var warming = Task.Run(AwsCloudFactory.WarmUpAsync, CancellationToken.None);
        var (endpoint, credentials, owned) = await LocalCloudConnection.EnsureAsync(paths, ct);
        await warming;
        var local = spec with { Region = credentials.Region };
        return new ConnectedCloud(AwsCloudFactory.Create(local, endpoint,
            new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey), options), owned);
    }
}
