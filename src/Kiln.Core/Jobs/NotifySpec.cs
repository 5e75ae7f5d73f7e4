namespace Kiln.Core.Jobs;

/// <summary>When a notification is sent: the run started, succeeded, failed for good (after its last attempt),
/// will be tried again, or has run longer than the job's `on_duration_over`.</summary>
public enum NotifyEvent { Start, Success, Failure, Retry, Duration }

public enum DestinationKind { Webhook, Slack, Email }

/// <summary>Where a notification goes. <paramref name="Target"/> is the URL (webhook, slack) or the comma-separated
/// addresses (email), resolved from `${env.NAME}` at load; a secret for URLs. <paramref name="Display"/> is what
/// pages and run records show instead: the text as written when it came from the environment, else the URL's
/// scheme and host.</summary>
public sealed record NotifyDestination(DestinationKind Kind, string Target, string Display);

/// <summary>A job's `notify:`: destinations per event, and the duration past which `Duration` fires.</summary>
public sealed record NotifySpec(IReadOnlyDictionary<NotifyEvent, IReadOnlyList<NotifyDestination>> On, TimeSpan? DurationOver = null)
{
    public IReadOnlyList<NotifyDestination> For(NotifyEvent e) => On.TryGetValue(e, out var list) ? list : [];
    public bool IsEmpty => On.Values.All(l => l.Count == 0);
}

/// <summary>`retry: {count, delay}`: a run that failed (not for bad input) is started again after the delay, up to
/// Count more times.</summary>
public sealed record RetrySpec(int Count, TimeSpan Delay);

public enum SmtpSecurity { None, StartTls, Tls }

/// <summary>kiln.yml's `smtp:`: the server that sends `email:` notifications. The password is a secret.</summary>
public sealed record SmtpSettings(string Host, int Port, string From, string? User = null, string? Password = null,
    SmtpSecurity Security = SmtpSecurity.None);

/// <summary>What a job does beyond its action: options, notifications, retries, a time limit, failure handlers,
/// and the option values its schedule starts it with.</summary>
public sealed record JobExtras(
    IReadOnlyList<JobOptionSpec> Options, NotifySpec? Notify = null, RetrySpec? Retry = null, TimeSpan? Timeout = null,
    IReadOnlyList<string>? OnFailure = null, IReadOnlyDictionary<string, string>? ScheduleOptions = null)
{
    public static readonly JobExtras None = new([]);
}
