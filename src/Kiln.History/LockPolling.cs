using Polly;
using Polly.Retry;

namespace Kiln.History;

/// <summary>Tries to take a lock until it is taken or the wait is over: a Polly retry on "not taken yet",
/// every 200 ms (a held family lock is held for minutes; this only bounds how late a waiter notices a release).</summary>
internal static class LockPolling
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task<T?> UntilTakenAsync<T>(Func<CancellationToken, ValueTask<T?>> attempt, TimeSpan wait, TimeProvider clock, CancellationToken ct)
        where T : class
    {
        var deadline = clock.GetUtcNow() + wait;
        var pipeline = new ResiliencePipelineBuilder<T?> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<T?>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is null && args.Outcome.Result is null && clock.GetUtcNow() < deadline),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(Min(Interval, deadline - clock.GetUtcNow())),
            })
            .Build();
        return await pipeline.ExecuteAsync(attempt, ct);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b < TimeSpan.Zero ? TimeSpan.Zero : b;
}
