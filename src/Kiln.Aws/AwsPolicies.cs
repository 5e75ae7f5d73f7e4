using Kiln.Core.Cloud;
using Polly;
using Polly.Retry;

namespace Kiln.Aws;

/// <summary>Every retry Kiln does against AWS (and the local cloud), as named Polly pipelines in one place. The SDK's
/// own retries are switched off (MaxErrorRetry = 0) so these are the single owner: one budget, one clock (the injected
/// TimeProvider, so tests run the backoff on a fake clock), one log line per retry. Retries wrap a single API call,
/// never a whole bake.</summary>
public sealed class AwsPolicies
{
    public const string TransientName = "aws-transient";
    public const string ConsistencyName = "aws-consistency";
    public const string DependencyName = "aws-dependency-violation";
    public const string PollName = "aws-poll";

    private static readonly ResiliencePropertyKey<DateTimeOffset> CreatedAt = new("kiln.created-at");
    private readonly AwsPolicyOptions _options;
    private readonly Action<AwsRetryNotice> _onRetry;

    public AwsPolicies(TimeProvider clock, AwsPolicyOptions? options = null, Action<AwsRetryNotice>? onRetry = null)
    {
        Clock = clock;
        _options = options ?? new AwsPolicyOptions();
        _onRetry = onRetry ?? (_ => { });
        Transient = Build(TransientName, new RetryStrategyOptions
        {
            ShouldHandle = args => new(args.Outcome.Exception is CloudException e && AwsErrors.IsTransient(e)),
            BackoffType = DelayBackoffType.Exponential, UseJitter = true,
            Delay = _options.TransientBaseDelay, MaxDelay = _options.TransientMaxDelay,
            MaxRetryAttempts = _options.TransientMaxRetries,
        });
        Consistency = Build(ConsistencyName, new RetryStrategyOptions
        {
            // Only an id Kiln itself created moments ago is "not visible yet"; any other NotFound means absent.
            ShouldHandle = args => new(args.Outcome.Exception is CloudException e && AwsErrors.IsNotYetVisible(e)
                && args.Context.Properties.TryGetValue(CreatedAt, out var at)
                && Clock.GetUtcNow() - at < _options.ConsistencyWindow),
            BackoffType = DelayBackoffType.Constant, Delay = _options.ConsistencyDelay,
            MaxRetryAttempts = int.MaxValue,
        });
        Dependency = Build(DependencyName, new RetryStrategyOptions
        {
            ShouldHandle = args => new(args.Outcome.Exception is CloudException { Code: AwsErrors.DependencyViolation }),
            BackoffType = DelayBackoffType.Constant, Delay = _options.DependencyDelay,
            MaxRetryAttempts = Math.Max(1, (int)(_options.DependencyWindow / _options.DependencyDelay)),
        });
    }

    public TimeProvider Clock { get; }
    public AwsPolicyOptions Options => _options;
    /// <summary>Throttling, 5xx and dropped connections: exponential backoff with jitter.</summary>
    public ResiliencePipeline Transient { get; }
    /// <summary>NotFound for an id created by Kiln less than <see cref="AwsPolicyOptions.ConsistencyWindow"/> ago.</summary>
    public ResiliencePipeline Consistency { get; }
    /// <summary>DependencyViolation while deleting a security group whose instance is still terminating.</summary>
    public ResiliencePipeline Dependency { get; }

    /// <summary>Runs one API call: SDK errors become <see cref="CloudException"/>, transient ones are retried, and when
    /// <paramref name="createdAt"/> is given (Kiln made the id then) NotFound is retried within the window.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, DateTimeOffset? createdAt,
        CancellationToken ct, bool waitOutDependencies = false)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        if (createdAt is { } at) context.Properties.Set(CreatedAt, at);
        try
        {
            ValueTask<T> Once(ResilienceContext c) => Transient.ExecuteAsync(async c2 =>
            {
                try { return await call(c2.CancellationToken); }
                catch (OperationCanceledException e) when (!c2.CancellationToken.IsCancellationRequested)
                {
                    // Not our token: the HTTP timeout. A transient failure to retry, never mistaken for "the user cancelled".
                    throw new CloudException(AwsErrors.RequestTimeout, "no answer within the request timeout", null, e);
                }
                catch (Exception e) when (AwsErrors.Wrap(e) is CloudException wrapped && !ReferenceEquals(wrapped, e)) { throw wrapped; }
            }, c);
            ValueTask<T> Visible(ResilienceContext c) => Consistency.ExecuteAsync(Once, c);
            return waitOutDependencies
                ? await Dependency.ExecuteAsync(Visible, context)
                : await Visible(context);
        }
        finally { ResilienceContextPool.Shared.Return(context); }
    }

    public Task ExecuteAsync(Func<CancellationToken, Task> call, DateTimeOffset? createdAt, CancellationToken ct,
        bool waitOutDependencies = false) =>
        ExecuteAsync(async c => { await call(c); return true; }, createdAt, ct, waitOutDependencies);

    /// <summary>Looks again every <paramref name="interval"/> (default <see cref="AwsPolicyOptions.PollInterval"/>) until
    /// <paramref name="done"/> holds, on the injected clock. Each probe has its own transient retries; an exception from
    /// a probe ends the wait. Past <paramref name="timeout"/>: <see cref="TimeoutException"/> naming what was awaited and
    /// what was last seen (a timeout, not a cancellation: the caller's token still means "the user cancelled").</summary>
    public async Task<T> PollAsync<T>(string what, Func<CancellationToken, Task<T>> probe, Func<T, bool> done,
        TimeSpan timeout, CancellationToken ct, TimeSpan? interval = null)
    {
        // A deadline checked before each wait, rather than a Polly timeout strategy: a probe in flight is bounded by
        // the HTTP timeout anyway, and the wait stays exact on a fake clock.
        var deadline = Clock.GetUtcNow() + timeout;
        var pipeline = new ResiliencePipelineBuilder<T> { Name = PollName, TimeProvider = Clock }
            .AddRetry(new RetryStrategyOptions<T>
            {
                Name = PollName,
                ShouldHandle = args => new(args.Outcome.Exception is null && !done(args.Outcome.Result!)
                    && Clock.GetUtcNow() + (interval ?? _options.PollInterval) <= deadline),
                BackoffType = DelayBackoffType.Constant, Delay = interval ?? _options.PollInterval,
                MaxRetryAttempts = int.MaxValue,
            })
            .Build();
        var last = await pipeline.ExecuteAsync(async c => await probe(c), ct);
        return done(last) ? last
            : throw new TimeoutException($"{what}: not reached within {timeout}; last seen: {Describe(last)}");
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        System.Collections.ICollection list => $"{list.Count} item(s)",
        _ => value.ToString() ?? "?",
    };

    private ResiliencePipeline Build(string name, RetryStrategyOptions retry)
    {
        retry.Name = name;
        retry.OnRetry = args =>
        {
            var code = (args.Outcome.Exception as CloudException)?.Code ?? args.Outcome.Exception?.GetType().Name ?? "?";
            _onRetry(new AwsRetryNotice(name, code, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message));
            return default;
        };
        return new ResiliencePipelineBuilder { Name = name, TimeProvider = Clock }.AddRetry(retry).Build();
    }
}
