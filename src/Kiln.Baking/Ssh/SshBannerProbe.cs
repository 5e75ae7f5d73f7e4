using System.Net.Sockets;
using System.Text;
using Kiln.Baking.Polling;

namespace Kiln.Baking.Ssh;

/// <summary>One probe of sshd: a TCP connect to ADDR:PORT and the first bytes it sends. sshd sends its
/// identification string (`SSH-2.0-…`, RFC 4253 §4.2) as soon as it accepts, so a banner means it is ready for
/// a real login; a listening port alone is not (podman's port forwarder accepts before sshd runs).</summary>
public static class SshBannerProbe
{
    public static async ValueTask<string> ReadBannerAsync(string address, int port, CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(address, port, attempt.Token);
            var buffer = new byte[256];
            var read = await client.GetStream().ReadAsync(buffer, attempt.Token);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (!text.StartsWith("SSH-2.0", StringComparison.Ordinal))
                throw new NotYetException(read == 0 ? "connection closed before the SSH banner" : "no SSH-2.0 banner yet");
            return text.TrimEnd('\r', '\n');
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NotYetException("no banner within 2 s");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            throw new NotYetException(e.Message);
        }
    }
}
