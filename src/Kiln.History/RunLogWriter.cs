using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.History;

/// <summary>A run's diagnostic log: each line is masked, written to the console at once, and stored in batches
/// (every <see cref="FlushInterval"/> and on dispose), so a chatty ansible-playbook costs one transaction per batch,
/// not per line. Never throws: a store that fails is reported once on the console and retried at the next flush.</summary>
public sealed class RunLogWriter : IRunLog, IAsyncDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    /// <summary>Lines held while the store is failing; past this they are dropped (and counted) rather than eat memory.</summary>
    public const int MaxPending = 100_000;

    private readonly IRunStore _store;
    private readonly RunId _run;
    private readonly TextWriter? _console;
    private readonly TimeProvider _clock;
    private readonly SecretMasker _masker;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private List<(DateTimeOffset Time, string Stream, string Text)> _pending = [];
    private long _dropped;
    private bool _failureReported;

    public RunLogWriter(IRunStore store, RunId run, TextWriter? console, TimeProvider clock, SecretMasker? masker = null)
    {
        (_store, _run, _console, _clock, _masker) = (store, run, console, clock, masker ?? new SecretMasker());
        _timer = new PeriodicTimer(FlushInterval, clock);
        _loop = Task.Run(LoopAsync);
    }

    public void AddSecret(string secret) => _masker.Add(secret);

    /// <summary>Multi-line text becomes one stored line per line, so `kiln runs log` pages and follows by line.</summary>
    public void Write(string stream, string text)
    {
        try
        {
            var now = _clock.GetUtcNow();
            var lines = _masker.Mask(text).Split('\n');
            lock (_gate)
            {
                foreach (var raw in lines)
                {
                    var line = raw.TrimEnd('\r');
                    _console?.WriteLine(line);
                    if (_pending.Count < MaxPending) _pending.Add((now, stream, line));
                    else _dropped++;
                }
            }
        }
        catch (Exception) { /* a closed console must not fail the run */ }
    }

    private async Task LoopAsync()
    {
        while (await _timer.WaitForNextTickAsync())
            await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            List<(DateTimeOffset, string, string)> batch;
            lock (_gate) (batch, _pending) = (_pending, []);
            if (batch.Count == 0) return;
            try { await _store.AppendLogAsync(_run, batch, ct); }
            catch (Exception e)
            {
                lock (_gate)
                {
                    // Put the batch back in front, so order holds when the store recovers.
                    batch.AddRange(_pending);
                    if (batch.Count > MaxPending)
                    {
                        _dropped += batch.Count - MaxPending;
                        batch.RemoveRange(MaxPending, batch.Count - MaxPending);
                    }
                    _pending = batch;
                    if (_failureReported) return;
                    _failureReported = true;
                }
                Report($"kiln: the run log could not be stored (will retry): {e.Message}");
            }
        }
        finally { _flushing.Release(); }
    }

    /// <summary>Stops the timer and stores what is left, within 10 s of its own (not a cancelled run's token).</summary>
    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await FlushAsync(budget.Token);
        int left;
        lock (_gate) left = _pending.Count;
        if (left > 0 || _dropped > 0) Report($"kiln: {left + _dropped} run log lines were not stored (they were shown above)");
    }

    private void Report(string message)
    {
        try { (_console ?? Console.Error).WriteLine(message); }
        catch (Exception) { /* nothing left to tell */ }
    }
}
