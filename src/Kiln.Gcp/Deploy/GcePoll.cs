using Polly;
using Polly.Retry;

namespace Kiln.Gcp.Deploy;

/// <summary>Polls a condition on the injected clock until it holds or <c>within</c> has passed (then a TimeoutException
/// naming what was awaited): one Polly retry pipeline with a constant delay, so waits read as what they wait for.</summary>
public static class GcePoll
{
    private sealed class NotYet : Exception;

    public static async Task UntilAsync(string what, Func<CancellationToken, Task<bool>> done, TimeSpan within, TimeSpan every,
        TimeProvider clock, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + within;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                Name = "gce-deploy-poll",
                ShouldHandle = args => new(args.Outcome.Exception is NotYet && clock.GetUtcNow() < deadline),
                BackoffType = DelayBackoffType.Constant, Delay = every, MaxRetryAttempts = int.MaxValue,
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async c => { if (!await done(c)) throw new NotYet(); }, ct);
        }
        catch (NotYet)
        {
            throw new TimeoutException($"{what}: not within {within.TotalSeconds:0} s");
        }
    }
}
