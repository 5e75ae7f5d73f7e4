using Kiln.Core.Cloud;
using Kiln.Gcp.Api;
using Polly;
using Polly.Retry;

namespace Kiln.Gcp;

/// <summary>How hard Kiln retries Compute Engine calls: Google's guidance is truncated exponential backoff with jitter
/// on 429, 5xx and the rate-limit reasons (rateLimitExceeded, userRateLimitExceeded), which Google sends with 403.</summary>
public sealed record GcpPolicyOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(32);
    public int MaxRetries { get; init; } = 8;
    /// <summary>How long a long-running operation may take before the wait gives up.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Between two `operations.wait` calls that came back before the operation was done.</summary>
    public TimeSpan OperationPoll { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>One retry about to happen (for the run log): the error's reason, attempt and delay.</summary>
public sealed record GcpRetryNotice(string Reason, int Attempt, TimeSpan Delay, string? Message);

/// <summary>The one named retry pipeline of every Compute Engine call, on the injected clock.</summary>
public sealed class GcpPolicies
{
    public const string TransientName = "gcp-transient";
    public static readonly IReadOnlySet<string> RateLimitReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "rateLimitExceeded", "userRateLimitExceeded",
    };

    public GcpPolicies(TimeProvider clock, GcpPolicyOptions? options = null, Action<GcpRetryNotice>? onRetry = null)
    {
        Clock = clock;
        Options = options ?? new GcpPolicyOptions();
        var notify = onRetry ?? (_ => { });
        Transient = new ResiliencePipelineBuilder { Name = TransientName, TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                Name = TransientName,
                ShouldHandle = args => new(args.Outcome.Exception is CloudException e && IsTransient(e)),
                BackoffType = DelayBackoffType.Exponential, UseJitter = true,
                Delay = Options.BaseDelay, MaxDelay = Options.MaxDelay, MaxRetryAttempts = Options.MaxRetries,
                OnRetry = args =>
                {
                    var e = args.Outcome.Exception as CloudException;
                    notify(new GcpRetryNotice(e?.Code ?? "?", args.AttemptNumber + 1, args.RetryDelay, e?.ErrorMessage));
                    return default;
                },
            })
            .Build();
    }

    public TimeProvider Clock { get; }
    public GcpPolicyOptions Options { get; }
    public ResiliencePipeline Transient { get; }

    public static bool IsTransient(CloudException e) =>
        e.StatusCode is 429 or >= 500 || RateLimitReasons.Contains(e.Code) || e.Code is ComputeErrors.NetworkError or ComputeErrors.RequestTimeout;
}
