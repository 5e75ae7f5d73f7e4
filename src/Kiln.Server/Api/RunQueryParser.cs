using System.Globalization;
using Kiln.Core.Runs;

namespace Kiln.Server.Api;

/// <summary>Reads the runs filters (job, family, outcome, since, until, limit) from a query string, reporting every
/// bad one at once. Dates are ISO 8601 (`2026-11-26` or `2026-11-26T14:00:00Z`); a bare `until` date includes that day.</summary>
public static class RunQueryParser
{
    public static (RunQuery Query, IReadOnlyList<string> Problems) Parse(IQueryCollection q)
    {
        var problems = new List<string>();
        RunOutcome? outcome = null;
        if (Text(q, "outcome") is { } o)
        {
            if (RunOutcomes.TryParse(o, out var parsed)) outcome = parsed;
            else problems.Add($"outcome '{o}': use one of {string.Join(", ", RunOutcomes.Names)}");
        }
        var since = Date(q, "since", false, problems);
        var until = Date(q, "until", true, problems);
        var limit = 50;
        if (Text(q, "limit") is { } l && (!int.TryParse(l, out limit) || limit is < 1 or > 1000))
            problems.Add($"limit '{l}': use a whole number from 1 to 1000");
        if (since is not null && until is not null && since > until) problems.Add("since is after until");
        // `option.env=stg`: runs started with that option value (any number of them, all must hold).
        var options = q.Keys.Where(k => k.StartsWith("option.", StringComparison.Ordinal) && k.Length > "option.".Length)
            .ToDictionary(k => k["option.".Length..], k => q[k].ToString());
        return (new RunQuery(Text(q, "family"), outcome, Text(q, "kind"), Text(q, "job"), since, until, limit, options.Count > 0 ? options : null), problems);
    }

    private static string? Text(IQueryCollection q, string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

    private static DateTimeOffset? Date(IQueryCollection q, string key, bool endOfDay, List<string> problems)
    {
        if (Text(q, key) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + (endOfDay ? TimeSpan.FromDays(1) : TimeSpan.Zero);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        problems.Add($"{key} '{text}': use an ISO 8601 date such as 2026-11-26 or 2026-11-26T14:00:00Z");
        return null;
    }
}
