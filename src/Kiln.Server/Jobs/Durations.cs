using System.Globalization;

namespace Kiln.Server.Jobs;

/// <summary>A duration as kiln.yml writes it: `45m`, `1h30m`, `90s`.</summary>
public static class Durations
{
    public static string Show(TimeSpan t)
    {
        if (t.TotalSeconds < 60 || t.Seconds != 0) return Math.Round(t.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture) + "s";
        var text = (t.Hours + t.Days * 24 > 0 ? $"{t.Hours + t.Days * 24}h" : "") + (t.Minutes > 0 ? $"{t.Minutes}m" : "");
        return text.Length == 0 ? "0s" : text;
    }
}
