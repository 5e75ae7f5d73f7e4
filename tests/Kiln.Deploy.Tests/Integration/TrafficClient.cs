using System.Diagnostics;

namespace Kiln.Deploy.Tests.Integration;

/// <summary>Sends GET / to a loopback port one request after another, without pause, until stopped (bounded by a
/// time limit), and records every answer in order and every failure.</summary>
public sealed class TrafficClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private readonly List<(TimeSpan At, string Answer)> _answers = [];
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="limit">When the loop stops by itself (default 3 minutes).</param>
    public TrafficClient(int port, TimeSpan? limit = null)
    {
        _stop = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(3));
        _loop = Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var body = (await http.GetStringAsync($"http://127.0.0.1:{port}/", _stop.Token)).Trim();
                    lock (_answers) _answers.Add((_clock.Elapsed, body));
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
                catch (Exception e) { lock (_answers) _failures.Add(e.Message); }
            }
        });
    }

    public int Sent { get { lock (_answers) return _answers.Count + _failures.Count; } }
    public IReadOnlyList<string> Failures { get { lock (_answers) return [.. _failures]; } }

    /// <summary>The distinct answers in the order they came, each run collapsed: [gen1, gen2] for a clean cut-over.</summary>
    public IReadOnlyList<string> Sequence()
    {
        lock (_answers)
            return _answers.Select(a => a.Answer).Where((a, i) => i == 0 || _answers[i - 1].Answer != a).ToList();
    }

    /// <summary>How long requests answered by both versions overlapped (first new answer → last old one), or zero.</summary>
    public TimeSpan FirstAnswer(string answer)
    {
        lock (_answers) return _answers.First(a => a.Answer == answer).At;
    }

    public async Task<TrafficClient> WaitForAsync(string answer, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            lock (_answers) if (_answers.Count > 0 && _answers[^1].Answer == answer) return this;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the target group never answered {answer}");
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
