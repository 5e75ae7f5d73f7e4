using System.Threading.Channels;
using Kiln.Core;
using Kiln.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Jobs;

/// <summary>A run's log as the server keeps it: masked, buffered, written to the history in batches (every 200 ms)
/// so the live view on any worker can page through it. Diagnostic channel: Write never throws or blocks.</summary>
public sealed class StoreRunLog : IRunLog, IAsyncDisposable
{
    private readonly SecretMasker _masker = new();
    private readonly Channel<(DateTimeOffset, string, string)> _lines = Channel.CreateUnbounded<(DateTimeOffset, string, string)>();
    private readonly IRunStore _store;
    private readonly RunId _run;
    private readonly TimeProvider _clock;
    private readonly ILogger _diagnostics;
    private readonly Task _pump;

    public StoreRunLog(IRunStore store, RunId run, TimeProvider clock, ILogger diagnostics)
    {
        (_store, _run, _clock, _diagnostics) = (store, run, clock, diagnostics);
        _pump = Task.Run(PumpAsync);
    }

    public void AddSecret(string secret) => _masker.Add(secret);

    public void Write(string stream, string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            _lines.Writer.TryWrite((_clock.GetUtcNow(), stream, _masker.Mask(line)));
    }

    private async Task PumpAsync()
    {
        var batch = new List<(DateTimeOffset, string, string)>();
        while (await _lines.Reader.WaitToReadAsync())
        {
            while (batch.Count < 500 && _lines.Reader.TryRead(out var line)) batch.Add(line);
            try { await _store.AppendLogAsync(_run, batch, CancellationToken.None); }
            catch (Exception e) { _diagnostics.LogWarning(e, "run {Run}: {Count} log lines not stored", _run, batch.Count); }
            batch.Clear();
            await Task.Delay(TimeSpan.FromMilliseconds(200), _clock);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump;
    }
}
