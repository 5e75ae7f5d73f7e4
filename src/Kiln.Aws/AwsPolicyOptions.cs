namespace Kiln.Aws;

/// <summary>How hard Kiln retries AWS calls. Defaults follow AWS's guidance for EC2 (exponential backoff with
/// jitter, capped) and the measured eventual-consistency window for new ids (seconds, rarely past 30).</summary>
public sealed record AwsPolicyOptions
{
    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan TransientMaxDelay { get; init; } = TimeSpan.FromSeconds(20);
    public int TransientMaxRetries { get; init; } = 8;

    /// <summary>How long after Kiln created an id a NotFound for it is taken as "not visible yet".</summary>
    public TimeSpan ConsistencyWindow { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConsistencyDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long deleting a security group waits out DependencyViolation (its instance still terminating).</summary>
    public TimeSpan DependencyWindow { get; init; } = TimeSpan.FromMinutes(3);
    public TimeSpan DependencyDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often waits (instance running, image available, refresh done) look again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>One retry about to happen: which pipeline, for which error code, which attempt, after what delay.
/// Message: the error's text (AWS's message; never credentials).</summary>
public sealed record AwsRetryNotice(string Pipeline, string Code, int Attempt, TimeSpan Delay, string? Message = null);
