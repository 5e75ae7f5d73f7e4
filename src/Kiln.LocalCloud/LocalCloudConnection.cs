using Kiln.Core;
using Kiln.LocalCloud.Setup;

namespace Kiln.LocalCloud;

/// <summary>How the rest of Kiln reaches the local cloud: a running `kiln local-cloud serve` of this KILN_HOME when
/// `endpoint.json` names a live one, else an endpoint started in this process (the caller disposes it).</summary>
public static class LocalCloudConnection
{
    public static async Task<(Uri Endpoint, LocalCloudCredentials Credentials, IAsyncDisposable? Owned)> EnsureAsync(
        KilnPaths paths, CancellationToken ct)
    {
        if (!LocalCloudSetup.IsInitialized(paths)) throw LocalCloudServer.NotInitialized();
        var layout = new LocalCloudLayout(paths);
        var credentials = CredentialsFile.Read(layout)!;
        if (await FindRunningAsync(paths, ct) is { } running) return (running, credentials, null);
        var server = await LocalCloudServer.StartAsync(paths, null, new LocalCloudServerOptions(), ct);
        return (server.Endpoint, server.Credentials, server);
    }

    /// <summary>The endpoint of a live `serve` for this KILN_HOME, checked through its health path.</summary>
    public static async Task<Uri?> FindRunningAsync(KilnPaths paths, CancellationToken ct)
    {
        var layout = new LocalCloudLayout(paths);
        if (EndpointFile.Read(layout) is not { } file || file.HomeHash != layout.HomeHash) return null;
        // A serve that was killed leaves its file behind: no process, no need to ask over HTTP.
        if (!Directory.Exists($"/proc/{file.ProcessId}")) return null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var answer = await http.GetStringAsync(new Uri(file.Endpoint, Hosting.QueryEndpoint.HealthPath), ct);
            return answer == layout.HomeHash ? file.Endpoint : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null; // stale file: that serve is gone
        }
    }
}
