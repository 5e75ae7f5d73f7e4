namespace Kiln.Baking.Polling;

/// <summary>A named wait: poll every <see cref="Interval"/> (doubling up to <see cref="MaxInterval"/>) until done or
/// <see cref="Timeout"/>.</summary>
public sealed record PollPolicy(string Name, TimeSpan Interval, TimeSpan MaxInterval, TimeSpan Timeout)
{
    public PollPolicy WithTimeout(TimeSpan timeout) => this with { Timeout = timeout };
}

/// <summary>Every wait of a bake, by name. The local cloud answers in milliseconds, so the first polls are quick;
/// the back-off to one or two seconds keeps a real EC2 account well under its API rate limits
/// (a bake makes a few Describe calls a second at most).</summary>
public sealed record BakeTimings
{
    public PollPolicy InstanceRunning { get; init; } = new("instance-running", Ms(100), Sec(1), TimeSpan.FromMinutes(10));
    /// <summary>20 ms between TCP probes (a refused connect on loopback costs microseconds): sshd's accept is noticed
    /// within 250 ms (the speed issue's goal), on the local cloud ~25 ms sooner on average than with 50 ms.</summary>
    public PollPolicy SshBanner { get; init; } = new("ssh-banner", Ms(20), Ms(20), TimeSpan.FromMinutes(5));
    /// <summary>Auth can fail for a moment after the banner (EC2's cloud-init installs the key late).</summary>
    public PollPolicy SshAuth { get; init; } = new("ssh-auth", Ms(200), Sec(2), TimeSpan.FromMinutes(2));
    public PollPolicy InstanceStopped { get; init; } = new("instance-stopped", Ms(100), Sec(1), TimeSpan.FromMinutes(10));
    public PollPolicy InstanceTerminated { get; init; } = new("instance-terminated", Ms(100), Sec(1), TimeSpan.FromMinutes(10));
    /// <summary>After an instance stopped answering SSH mid-provisioning: how long the cloud is given to report it
    /// dead (EC2's state lags the instance's death by seconds).</summary>
    public PollPolicy InstanceGone { get; init; } = new("instance-gone", Ms(250), Sec(1), Sec(15));
    public PollPolicy ImageAvailable { get; init; } = new("image-available", Ms(100), Sec(2), TimeSpan.FromMinutes(60));
    /// <summary>Cleanup calls are retried a few times (a group cannot be deleted while EC2 still counts the
    /// terminated instance as a member: DependencyViolation).</summary>
    public PollPolicy CleanupRetry { get; init; } = new("cleanup-retry", Ms(500), Sec(5), TimeSpan.FromMinutes(2));

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
    private static TimeSpan Sec(int s) => TimeSpan.FromSeconds(s);
}
