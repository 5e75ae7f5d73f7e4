using System.Text.RegularExpressions;
using Kiln.Core.Jobs;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>A job's `options:`, `notify:`, `retry:`, `timeout:`, `on_failure:` and `schedule_options:`. Option
/// defaults must fit their own rules; schedule options are checked as a start would check them.</summary>
internal static partial class JobExtrasReader
{
    public static JobExtras Read(string job, OptionReader o)
    {
        var options = Options(o);
        var notify = Notify(o);
        RetrySpec? retry = null;
        if (o.Object("retry") is { } r)
        {
            var rr = o.Nested(r, $"job '{job}' retry");
            var count = rr.Int("count", 1, 10);
            var delay = rr.Duration("delay") ?? TimeSpan.Zero;
            if (delay < TimeSpan.Zero) o.Problems.At(rr.Node("delay")!, "delay cannot be negative");
            if (count is null && !rr.Has("count")) o.Problems.At(r, "retry needs count: the number of further attempts (1 to 10)");
            rr.ReportUnknown();
            if (count is { } c) retry = new RetrySpec(c, delay);
        }
        var timeout = o.Duration("timeout");
        if (timeout is { } t && t <= TimeSpan.Zero) o.Problems.At(o.Node("timeout")!, "timeout must be longer than 0 (such as \"45m\")");
        var onFailure = o.StringList("on_failure");
        var scheduleOptions = o.StringMap("schedule_options");
        if (scheduleOptions is not null)
        {
            if (!o.Has("schedule")) o.Problems.At(o.Node("schedule_options")!, "schedule_options without schedule: add schedule: or remove it");
            foreach (var p in OptionValues.Resolve(job, options, scheduleOptions).Problems)
                o.Problems.At(o.Node("schedule_options")!, p);
        }
        return options.Count == 0 && notify is null && retry is null && timeout is null && onFailure is null && scheduleOptions is null
            ? JobExtras.None : new JobExtras(options, notify, retry, timeout, onFailure, scheduleOptions);
    }

    private static List<JobOptionSpec> Options(OptionReader o)
    {
        var result = new List<JobOptionSpec>();
        if (o.Object("options") is not { } map) return result;
        foreach (var entry in map.Entries)
        {
            if (!OptionName().IsMatch(entry.Key))
                o.Problems.At(entry.KeyPosition, entry.Value.Path, $"option name '{NameRules.Printable(entry.Key)}' may hold only letters, digits, '_' and '-'");
            if (entry.Value is not ConfigMap m)
            {
                o.Problems.At(entry.Value, $"an option must be a mapping (values:, regex:, default:, required:, description:, secure:), got {entry.Value.KindName}");
                continue;
            }
            var r = o.Nested(m, $"option '{entry.Key}'");
            var values = r.StringList("values");
            var pattern = r.String("regex");
            if (pattern is not null && !OptionValues.IsPattern(pattern)) { r.Problems.At(r.Node("regex")!, $"'{NameRules.Printable(pattern)}' is not a regular expression"); pattern = null; }
            var spec = new JobOptionSpec(entry.Key, values, pattern, r.String("default"), r.Bool("required") ?? false,
                r.String("description"), r.Bool("secure") ?? false);
            r.ReportUnknown();
            if (spec.Default is { } d && OptionValues.Problem(spec, d) is { } why) r.Problems.At(r.Node("default")!, $"the default does not fit: {why}");
            if (spec.Secure && spec.Values is { Count: > 0 }) r.Problems.At(r.Node("values")!, "a secure option cannot list its values: they would show on the start form");
            result.Add(spec);
        }
        return result;
    }

    private static readonly (string Key, NotifyEvent Event)[] Events =
        [("on_start", NotifyEvent.Start), ("on_success", NotifyEvent.Success), ("on_failure", NotifyEvent.Failure), ("on_retry", NotifyEvent.Retry)];

    private static NotifySpec? Notify(OptionReader o)
    {
        if (o.Object("notify") is not { } map) return null;
        var n = o.Nested(map, "notify");
        var on = new Dictionary<NotifyEvent, IReadOnlyList<NotifyDestination>>();
        foreach (var (key, e) in Events)
            if (n.List(key) is { } list) on[e] = Destinations(n, list);
        TimeSpan? over = null;
        if (n.Object("on_duration_over") is { } d)
        {
            var dr = n.Nested(d, "notify.on_duration_over");
            over = dr.Duration("after");
            if (over is null || over <= TimeSpan.Zero) dr.Problems.At(d, "on_duration_over needs after: a duration such as \"30m\"");
            if (dr.List("to") is { } to) on[NotifyEvent.Duration] = Destinations(dr, to);
            else dr.Problems.At(d, "on_duration_over needs to: a list of destinations");
            dr.ReportUnknown();
        }
        n.ReportUnknown();
        return new NotifySpec(on, over);
    }

    private static List<NotifyDestination> Destinations(OptionReader o, ConfigList list)
    {
        var result = new List<NotifyDestination>();
        foreach (var item in list.Items)
        {
            if (item is not ConfigMap m || m.Entries.Count != 1)
            {
                o.Problems.At(item, "a destination is one of webhook: URL, slack: URL or email: [addresses]");
                continue;
            }
            var d = o.Nested(m, "destination");
            if (d.String("webhook") is { } hook) Add(DestinationKind.Webhook, hook, d.Node("webhook")!);
            else if (d.String("slack") is { } slack) Add(DestinationKind.Slack, slack, d.Node("slack")!);
            else if (d.StringList("email") is { } to)
            {
                var resolved = to.Select(a => EnvText.Resolve(a, d.Node("email")!, o.Problems)).ToList();
                foreach (var a in resolved.OfType<string>().Where(a => !Address().IsMatch(a)))
                    o.Problems.At(d.Node("email")!, $"'{NameRules.Printable(a)}' is not an email address");
                if (resolved.All(a => a is not null) && resolved.Count > 0)
                    result.Add(new NotifyDestination(DestinationKind.Email, string.Join(",", resolved), string.Join(", ", to)));
            }
            d.ReportUnknown();
        }
        return result;

        void Add(DestinationKind kind, string text, ConfigNode at)
        {
            if (EnvText.Resolve(text, at, o.Problems) is not { } url) return;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                // The URL may be a secret from the environment: name where it came from, never the value.
                o.Problems.At(at, $"{kind.ToString().ToLowerInvariant()}: {(EnvText.IsReference(text) ? text + " is" : "give")} an http or https URL");
                return;
            }
            result.Add(new NotifyDestination(kind, url, EnvText.IsReference(text) ? text : $"{uri.Scheme}://{uri.Authority}/…"));
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$")] private static partial Regex OptionName();
    [GeneratedRegex(@"^[^@\s,]+@[^@\s,]+$")] private static partial Regex Address();
}
