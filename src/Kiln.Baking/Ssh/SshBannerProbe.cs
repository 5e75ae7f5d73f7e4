using System.Net.Sockets;
using System.Text;
using Kiln.Baking.Polling;

namespace Kiln.Baking.Ssh;

/// <summary>One probe of sshd: a TCP connect to ADDR:PORT and the first bytes it sends. sshd sends its
/// identification string (`SSH-2.0-…`, RFC 4253 §4.2) as soon as it accepts, so a banner means it is ready for
/// a real login; a listening port alone is not (podman's port forwarder accepts before sshd runs).</summary>
public static class SshBannerProbe
{
    /// <summary>The banner of the target's sshd: directly, or through its bastion (`ssh -W`, whose output is then
    /// the instance's own bytes).</summary>
    public static ValueTask<string> ReadBannerAsync(SshTarget target, CancellationToken ct) =>
        target.Bastion is { } bastion ? ThroughAsync(bastion, target.Address, target.Port, ct) : ReadBannerAsync(target.Address, target.Port, ct);

    private static async ValueTask<string> ThroughAsync(Core.Baking.SshBastion bastion, string address, int port, CancellationToken ct)
    {
        var args = SshBastionCommand.Arguments(bastion);
        var start = new System.Diagnostics.ProcessStartInfo("ssh")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args.Take(args.Count - 1)) start.ArgumentList.Add(a);
        foreach (var a in new[] { "-W", $"{address}:{port}", args[^1] }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(12));
        try
        {
            var buffer = new byte[256];
            var read = await process.StandardOutput.BaseStream.ReadAsync(buffer, attempt.Token);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.StartsWith("SSH-2.0", StringComparison.Ordinal)) return text.TrimEnd('\r', '\n');
            var error = (await process.StandardError.ReadToEndAsync(attempt.Token)).Trim();
            throw new NotYetException(error.Length > 0 ? $"through the bastion: {error.Split('\n')[^1]}" : "no SSH-2.0 banner through the bastion yet");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NotYetException("no banner through the bastion within 12 s");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

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
