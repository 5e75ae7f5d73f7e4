using System.Net;
using Kiln.Core;

namespace Kiln.LocalCloud.Setup;

/// <summary>`--listen HOST:PORT`, loopback only: the endpoint's access key is local, it must not face the network.</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string? listen)
    {
        if (string.IsNullOrWhiteSpace(listen)) return new IPEndPoint(IPAddress.Loopback, 0);
        var text = listen.Trim();
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)) text = "127.0.0.1:" + text[10..];
        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':') && !text.Contains('.'))
            throw new KilnInputException($"--listen '{listen}' is not HOST:PORT: use for example --listen 127.0.0.1:4580 (port 0 picks a free port)");
        if (!IPAddress.IsLoopback(endpoint.Address))
            throw new KilnInputException(
                $"--listen '{listen}' is not a loopback address: the local cloud listens on loopback only (127.0.0.1:PORT), since anyone who reaches it can start containers as root");
        return endpoint;
    }
}
