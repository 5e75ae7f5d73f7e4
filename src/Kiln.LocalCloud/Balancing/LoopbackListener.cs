using System.Net;
using System.Net.Sockets;

namespace Kiln.LocalCloud.Balancing;

/// <summary>A TCP listener on a loopback address that hands each connection to a balancer: an ELBv2 target group's
/// listener, a Compute Engine forwarding rule. The balancer it forwards to may change while it listens.</summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <exception cref="SocketException">The address and port are taken.</exception>
    public LoopbackListener(string listen, TcpBalancer balancer)
    {
        Listen = listen;
        Balancer = balancer;
        _listener = new TcpListener(IPEndPoint.Parse(listen));
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(512);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public string Listen { get; }

    public TcpBalancer Balancer { get; set; }

    /// <summary>The targets' port connections go to; null: the balancer's own (a passthrough forwarding rule sends
    /// each port to the same port of its backends).</summary>
    public int? TargetPort { get; init; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException) { continue; }
            var balancer = Balancer;
            _ = Task.Run(() => balancer.ForwardAsync(client, TargetPort));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
