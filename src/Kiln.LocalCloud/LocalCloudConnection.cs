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
        var layout = new LocalCloudLayout(paths);
        if (!File.Exists(layout.CredentialsFile) || !File.Exists(layout.StateDatabase)) throw LocalCloudServer.NotInitialized();
        var credentials = CredentialsFile.Read(layout)!;
        if (await FindRunningAsync(paths, ct) is { } running) return (running, credentials, null);
        // Whether init registered the base image is read while the endpoint starts: the first read of the state
        // costs a tenth of a second, and nobody can call the endpoint before this method returns.
        var initialized = Task.Run(() => LocalCloudSetup.IsInitialized(paths), CancellationToken.None);
        var server = await LocalCloudServer.StartAsync(paths, null, new LocalCloudServerOptions(), ct);
        if (await initialized) return (server.Endpoint, server.Credentials, server);
        await server.DisposeAsync();
        throw LocalCloudServer.NotInitialized();
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
