using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kiln.LocalCloud.Balancing;

/// <summary>One health probe of one target, as the settings say: a TCP connect, or an HTTP GET that must answer 200.</summary>
public static class HealthProbe
{
    public static async Task<bool> ProbeAsync(BalancerSettings s, string address, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(s.TimeoutSeconds));
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await probe.ConnectAsync(IPAddress.Parse(address), s.HealthPort, timeout.Token);
            if (s.Protocol != "HTTP") return true;
            var request = $"GET {s.Path ?? "/"} HTTP/1.0\r\nHost: {address}\r\nUser-Agent: GoogleHC/1.0\r\nConnection: close\r\n\r\n";
            await probe.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
            // The status line is all a check reads: `HTTP/1.x 200 …`.
            var buffer = new byte[64];
            var read = 0;
            while (read < 12)
            {
                var n = await probe.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
                if (n == 0) break;
                read += n;
            }
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.", StringComparison.Ordinal) && status.Length >= 12 && status[9..12] == "200";
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested) { return false; }
    }
}
