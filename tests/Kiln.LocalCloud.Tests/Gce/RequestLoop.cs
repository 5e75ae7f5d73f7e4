using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>A steady loop of HTTP/1.0 requests, each on a new connection (so every one goes through the listener's
/// choice of backend), counting failures and the answers seen, in order.</summary>
public sealed class RequestLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RequestLoop(string address, int port)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = new TcpClient();
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await client.ConnectAsync(address, port, timeout.Token);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {address}\r\n\r\n"), timeout.Token);
                    using var reader = new StreamReader(stream);
                    var text = await reader.ReadToEndAsync(timeout.Token);
                    if (!text.StartsWith("HTTP/1.0 200", StringComparison.Ordinal)) throw new IOException($"answer: {text.Split('\n')[0]}");
                    Answers.Enqueue(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Trim());
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    Failures.Enqueue(e.Message);
                }
                catch (Exception) { }
                try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public ConcurrentQueue<string> Answers { get; } = new();
    public ConcurrentQueue<string> Failures { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
