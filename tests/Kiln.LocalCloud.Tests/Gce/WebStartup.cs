using System.Net.Http;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>A startup script that serves, on port 8080, the instance's name and image read from its metadata files
/// (python3 is in the base image), and a way to ask an address for that answer.</summary>
public static class WebStartup
{
    public const int Port = 8080;

    public static string Write(string directory, string marker = "")
    {
        var path = Path.Combine(directory, $"startup-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"""
            #!/bin/sh
            mkdir -p /srv/web
            printf '%s %s {marker}\n' "$(cat /kiln-boot/instance/name)" "$(cat /kiln-boot/instance/attributes/instance-template)" > /srv/web/index.html
            cd /srv/web && exec python3 -m http.server {Port} --bind 0.0.0.0
            """);
        return path;
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>The page at address:port, waiting up to a minute for the server to come up.</summary>
    public static async Task<string> WhenServingAsync(string address, int port = Port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try { return (await Http.GetStringAsync($"http://{address}:{port}/")).Trim(); }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(250); }
        }
    }
}
