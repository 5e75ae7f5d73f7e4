using System.Globalization;
using Kiln.Core;

namespace Kiln.LocalCloud.Faults;

/// <summary>One action that fails: once (the first call only) or always, with an EC2 error code.</summary>
public sealed record ActionFault(string Action, bool Always, string Code);

/// <summary>
/// What the local cloud gets wrong on purpose, so Kiln's retries and cleanups are tested against the faults EC2 has:
/// throttling (RequestLimitExceeded for a share of calls), eventual consistency (a new id answers NotFound for a
/// while after it was created), an action that fails, sshd that starts late, an instance that dies while Ansible runs.
/// Off by default. Written as `KILN_FAULTS` or `kiln local-cloud serve --faults`:
/// <c>throttle=0.2;consistency-ms=2000;fail=CreateImage:once;sshd-delay-ms=3000;die-during=provision;seed=7</c>.
/// </summary>
public sealed record FaultSpec
{
    public const string Variable = "KILN_FAULTS";
    /// <summary>A code that no retry policy treats as transient: the call's step fails.</summary>
    public const string DefaultFailureCode = "InjectedFault";

    public double ThrottleShare { get; init; }
    public TimeSpan Consistency { get; init; }
    public IReadOnlyList<ActionFault> Failures { get; init; } = [];
    public TimeSpan SshdDelay { get; init; }
    /// <summary>`provision`: the instance dies as soon as Ansible runs its first module on it.</summary>
    public string? DieDuring { get; init; }
    public int? Seed { get; init; }

    public static FaultSpec None { get; } = new();

    public bool IsNone => ThrottleShare == 0 && Consistency == TimeSpan.Zero && Failures.Count == 0
        && SshdDelay == TimeSpan.Zero && DieDuring is null;

    public static FaultSpec FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Every problem is reported at once (exit 2 from the CLI).</summary>
    public static FaultSpec Parse(string? text)
    {
        var spec = new FaultSpec();
        if (string.IsNullOrWhiteSpace(text)) return spec;
        var problems = new List<string>();
        var failures = new List<ActionFault>();
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = entry.IndexOf('=') is var i and > 0 ? (entry[..i].Trim(), entry[(i + 1)..].Trim()) : (entry, "");
            switch (key)
            {
                case "throttle" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1:
                    spec = spec with { ThrottleShare = share }; break;
                case "consistency-ms" when Millis(value) is { } ms: spec = spec with { Consistency = ms }; break;
                case "sshd-delay-ms" when Millis(value) is { } ms: spec = spec with { SshdDelay = ms }; break;
                case "die-during" when value == "provision": spec = spec with { DieDuring = value }; break;
                case "seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var seed): spec = spec with { Seed = seed }; break;
                case "fail" when ParseFailure(value) is { } f: failures.Add(f); break;
                case "throttle" or "consistency-ms" or "sshd-delay-ms" or "die-during" or "seed" or "fail":
                    problems.Add($"{Variable}: '{entry}' has a bad value: {Expected(key)}"); break;
                default:
                    problems.Add($"{Variable}: '{key}' is not a fault: use throttle, consistency-ms, fail, sshd-delay-ms, die-during or seed"); break;
            }
        }
        if (problems.Count > 0) throw new KilnInputException(problems);
        return spec with { Failures = failures };
    }

    private static TimeSpan? Millis(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 3_600_000 ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>`Action:once`, `Action:always`, optionally `:Code` (default <see cref="DefaultFailureCode"/>).</summary>
    private static ActionFault? ParseFailure(string value)
    {
        var parts = value.Split(':', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiLetter)) return null;
        if (parts[1] is not ("once" or "always")) return null;
        var code = parts.Length == 3 ? parts[2] : DefaultFailureCode;
        return code.Length > 0 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '.') ? new ActionFault(parts[0], parts[1] == "always", code) : null;
    }

    private static string Expected(string key) => key switch
    {
        "throttle" => "a share between 0 and 1, e.g. throttle=0.2",
        "consistency-ms" or "sshd-delay-ms" => "whole milliseconds up to 3600000, e.g. consistency-ms=2000",
        "die-during" => "die-during=provision",
        "seed" => "an integer",
        _ => "fail=Action:once or fail=Action:always, optionally :ErrorCode (e.g. fail=CreateImage:once:InternalError)",
    };

    public override string ToString()
    {
        var parts = new List<string>();
        if (ThrottleShare > 0) parts.Add($"throttle={ThrottleShare.ToString(CultureInfo.InvariantCulture)}");
        if (Consistency > TimeSpan.Zero) parts.Add($"consistency-ms={(int)Consistency.TotalMilliseconds}");
        parts.AddRange(Failures.Select(f => $"fail={f.Action}:{(f.Always ? "always" : "once")}:{f.Code}"));
        if (SshdDelay > TimeSpan.Zero) parts.Add($"sshd-delay-ms={(int)SshdDelay.TotalMilliseconds}");
        if (DieDuring is not null) parts.Add($"die-during={DieDuring}");
        if (Seed is not null) parts.Add($"seed={Seed}");
        return parts.Count == 0 ? "none" : string.Join(';', parts);
    }
}
