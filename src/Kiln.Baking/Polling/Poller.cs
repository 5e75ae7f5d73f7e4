using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Kiln.Baking.Polling;

/// <summary>Waits and retries through named Polly pipelines (one per <see cref="PollPolicy"/>, built once), on the
/// injected clock, so tests drive them with a fake time provider.</summary>
public sealed class Poller(TimeProvider clock)
{
    private readonly ResiliencePipelineRegistry<string> _registry = new();

    /// <summary>Calls <paramref name="probe"/> until <paramref name="done"/> holds. Exceptions of type
    /// <see cref="NotYetException"/> count as "not yet". Throws <see cref="TimeoutException"/> naming the wait.</summary>
    public async Task<T> UntilAsync<T>(PollPolicy policy, Func<CancellationToken, ValueTask<T>> probe, Func<T, bool> done,
        CancellationToken ct)
    {
        var pipeline = _registry.GetOrAddPipeline<T>($"{policy.Name}:{typeof(T).Name}:{policy.Timeout.Ticks}", b =>
        {
            b.TimeProvider = clock;
            b.AddTimeout(policy.Timeout).AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = new PredicateBuilder<T>().Handle<NotYetException>().HandleResult(r => !done(r)),
                MaxRetryAttempts = int.MaxValue, BackoffType = DelayBackoffType.Exponential, UseJitter = false,
                Delay = policy.Interval, MaxDelay = policy.MaxInterval,
            });
        });
        string? last = null;
        try
        {
            return await pipeline.ExecuteAsync(async t =>
            {
                try { return await probe(t); }
                catch (NotYetException e) { last = e.Message; throw; }
            }, ct);
        }
        catch (TimeoutRejectedException)
        {
            throw new TimeoutException($"gave up waiting ({policy.Name}) after {policy.Timeout.TotalSeconds:0.#} s"
                + (last is null ? "" : $"; last: {last}"));
        }
    }

    /// <summary>Retries an action on any exception but cancellation, for cleanups that the cloud refuses for a moment.</summary>
    public async Task RetryAsync(PollPolicy policy, Func<CancellationToken, ValueTask> action, CancellationToken ct)
    {
        var pipeline = _registry.GetOrAddPipeline($"{policy.Name}:retry", b =>
        {
            b.TimeProvider = clock;
            b.AddTimeout(policy.Timeout).AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = 6, BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                Delay = policy.Interval, MaxDelay = policy.MaxInterval,
            });
        });
        try { await pipeline.ExecuteAsync(action, ct); }
        catch (TimeoutRejectedException)
        {
            throw new TimeoutException($"gave up retrying ({policy.Name}) after {policy.Timeout.TotalSeconds:0.#} s");
        }
    }
}

/// <summary>Thrown by a probe to say "not ready yet, ask again" (a refused connection, an id the cloud does not know yet).</summary>
public sealed class NotYetException(string why) : Exception(why);
