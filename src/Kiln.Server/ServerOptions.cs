using Kiln.Server.Auth;
using Kiln.Server.Database;
using Kiln.Server.Http;

namespace Kiln.Server;

/// <summary>How `kiln serve` runs: where it listens, its database, how long history is kept, and the cluster
/// check-in period (a worker silent for twice this long is taken for dead and its runs recovered).</summary>
public sealed record ServerOptions
{
    public string Listen { get; init; } = "127.0.0.1:8080";
    public required DatabaseLocation Database { get; init; }
    public TimeSpan? KeepHistory { get; init; } = TimeSpan.FromDays(90);
    public TimeSpan ClusterCheckin { get; init; } = TimeSpan.FromSeconds(5);
    public int MaxConcurrentRuns { get; init; } = 4;
    public string? AdminUser { get; init; }
    public string? AdminPassword { get; init; }
    /// <summary>The address people use (`--url`), for the links in notifications; default: the listening address.</summary>
    public string? PublicUrl { get; init; }
    public SessionLifetime Sessions { get; init; } = SessionLifetime.Default;
    public ThrottleLimits Throttle { get; init; } = new();
    /// <summary>Where a SQLite installation keeps its Data Protection keys (KILN_HOME/server-keys); null: beside the
    /// database file. A PostgreSQL cluster keeps them in the database, shared by its workers.</summary>
    public string? KeyDirectory { get; init; }
    /// <summary>Serve HTTPS with this certificate; needed (or <see cref="BehindTlsProxy"/>) to listen beyond loopback.</summary>
    public TlsFiles? Tls { get; init; }
    /// <summary>A TLS-terminating proxy on this machine forwards to Kiln: cookies are marked Secure and the client
    /// address comes from its X-Forwarded-For.</summary>
    public bool BehindTlsProxy { get; init; }
    public bool SecureCookies => Tls is not null || BehindTlsProxy;

    /// <summary>`90d`, `12h`, `30m`, or `0`/`forever` (keep everything).</summary>
    public static TimeSpan? ParseRetention(string text)
    {
        text = text.Trim();
        if (text is "0" or "forever") return null;
        if (text.Length >= 2 && int.TryParse(text[..^1], out var n) && n > 0)
            switch (text[^1])
            {
                case 'd': return TimeSpan.FromDays(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'm': return TimeSpan.FromMinutes(n);
            }
        throw new Kiln.Core.KilnInputException([$"--keep-history '{text}': use a number and d, h or m (e.g. 90d), or 'forever'"]);
    }
}
