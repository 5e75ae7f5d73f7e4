using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kiln.Baking.Polling;
using Kiln.Baking.Ssh;

namespace Kiln.Baking.Tests.Ssh;

/// <summary>Alone, not beside the integration tests' ansible runs: it measures a latency goal.</summary>
[CollectionDefinition(nameof(SshBannerProbeTests), DisableParallelization = true)]
public sealed class TimingCollection;

[Collection(nameof(SshBannerProbeTests))]
public class SshBannerProbeTests
{
    [Fact]
    public async Task A_refused_port_is_not_yet_ready()
    {
        var port = FreePort();
        await Assert.ThrowsAsync<NotYetException>(async () => await SshBannerProbe.ReadBannerAsync("127.0.0.1", port, CancellationToken.None));
    }

    [Fact]
    public async Task A_port_that_accepts_but_sends_nothing_ssh_like_is_not_ready()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () => { using var c = await listener.AcceptTcpClientAsync(); c.Close(); });
        await Assert.ThrowsAsync<NotYetException>(async () =>
            await SshBannerProbe.ReadBannerAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None));
        await serve;
    }

    /// <summary>The speed goal: sshd's accept is noticed within 250 ms. Here "sshd" starts listening 600 ms after
    /// the wait began; the wait must end within 250 ms of that.</summary>
    [Fact]
    public async Task The_banner_is_noticed_within_250_ms_of_sshd_accepting()
    {
        var poller = new Poller(TimeProvider.System);
        var policy = new BakeTimings().SshBanner.WithTimeout(TimeSpan.FromSeconds(10));
        // Both of the probe's paths once before the clock starts (refused, then answered): run alone, this test
        // would otherwise time the JIT of the first probes (600 ms and more on a slow machine), not the polling.
        await Assert.ThrowsAsync<TimeoutException>(() => poller.UntilAsync(policy.WithTimeout(TimeSpan.FromMilliseconds(200)),
            t => SshBannerProbe.ReadBannerAsync("127.0.0.1", FreePort(), t), _ => true, CancellationToken.None));
        using (var warm = new TcpListener(IPAddress.Loopback, 0))
        {
            warm.Start();
            var answer = Task.Run(() =>
            {
                using var client = warm.AcceptTcpClient();
                client.GetStream().Write("SSH-2.0-warm\r\n"u8);
            });
            await poller.UntilAsync(policy, t => SshBannerProbe.ReadBannerAsync("127.0.0.1", ((IPEndPoint)warm.LocalEndpoint).Port, t),
                _ => true, CancellationToken.None);
            await answer;
        }
        // Up to three rounds, each on a port of its own: a round fails now and then on a loaded machine when one
        // probe's connect stalls for about a second (the kernel answered its SYN neither with a refusal nor with the
        // listener's accept: the trace shows it), which is not the polling this goal measures. Every round's
        // figures are reported when none meets the goal.
        var rounds = new List<string>();
        for (var round = 1; round <= 3; round++)
        {
            var (delay, report, banner) = await NoticeAsync(poller, policy);
            Assert.Equal("SSH-2.0-OpenSSH_9.2p1 Debian-2", banner);
            if (delay.TotalMilliseconds is >= 0 and < 250) return;
            rounds.Add($"round {round}: {report}");
        }
        Assert.Fail(string.Join("\n", rounds));
    }

    /// <summary>"sshd" starts listening 600 ms after the wait began; returns how long after that the banner was
    /// noticed, with the timing and the last probes' failures for the report.</summary>
    private static async Task<(TimeSpan Delay, string Report, string Banner)> NoticeAsync(Poller poller, PollPolicy policy)
    {
        var port = FreePort();
        var listening = new TaskCompletionSource<TimeSpan>();
        var watch = Stopwatch.StartNew();
        // "sshd" on a thread of its own, as a separate process would be: its timing is not the pool's.
        var sshd = new Thread(() =>
        {
            Thread.Sleep(600);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listening.SetResult(watch.Elapsed);
            using var client = listener.AcceptTcpClient();
            client.GetStream().Write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"u8);
            Thread.Sleep(200);
        }) { IsBackground = true };
        sshd.Start();
        var trace = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var banner = await poller.UntilAsync(policy, async t =>
        {
            var at = watch.Elapsed.TotalMilliseconds;
            try { return await SshBannerProbe.ReadBannerAsync("127.0.0.1", port, t); }
            catch (Exception e) { trace.Enqueue($"{at:0}-{watch.Elapsed.TotalMilliseconds:0} {e.Message}"); throw; }
        }, _ => true, CancellationToken.None);
        var noticed = watch.Elapsed;
        var listened = await listening.Task;
        sshd.Join();
        // The last probes: when and why each failed (a connect answered only a second later means its SYN went
        // unanswered, not that the polling was slow).
        return (noticed - listened, $"listening {listened.TotalMilliseconds:0}, noticed {noticed.TotalMilliseconds:0}: "
            + string.Join(" | ", trace.TakeLast(12)), banner);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
