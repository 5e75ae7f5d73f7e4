using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.Templates.Engine;

/// <summary>Go's time.ParseDuration, which Packer uses for ssh_timeout, pause_before and timeout:
/// a sequence of decimal numbers with units ns, us (µs), ms, s, m, h (`5m`, `1h30m`, `1.5s`); `0` alone is allowed.</summary>
public static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        var sign = 1.0;
        if (s.StartsWith('-') || s.StartsWith('+')) { sign = s[0] == '-' ? -1 : 1; s = s[1..]; }
        if (s == "0") return true;
        if (s.Length == 0 || !Whole().IsMatch(s)) return false;
        double ticks = 0;
        foreach (Match m in Part().Matches(s))
        {
            var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * m.Groups[2].Value switch
            {
                "ns" => 0.01, "us" or "µs" or "μs" => 10, "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond, "m" => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerHour,
            };
        }
        if (ticks * sign > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)(ticks * sign));
        return true;
    }

    [GeneratedRegex(@"^((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex Part();
}
