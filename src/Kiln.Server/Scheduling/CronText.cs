using Quartz;

namespace Kiln.Server.Scheduling;

/// <summary>A job's `schedule:` as written in kiln.yml: the five-field crontab form (`30 4 * * 1`, Sunday 0 or 7) or
/// Quartz's own six/seven fields with seconds (`0 30 4 ? * MON`). Quartz's Unix format rewrites the first into the
/// second, day-of-week numbering included.</summary>
public static class CronText
{
    public static bool TryParse(string text, out CronExpression? expression)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 5 ? CronFormat.Unix : CronFormat.Quartz;
        if (CronExpression.TryParse(text, format, out var parsed)) { expression = parsed; return true; }
        expression = null;
        return false;
    }
}
