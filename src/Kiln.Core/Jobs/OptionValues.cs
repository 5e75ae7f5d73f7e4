using System.Text.RegularExpressions;

namespace Kiln.Core.Jobs;

/// <summary>Checks the option values given at a start against a job's declaration (every problem at once, each
/// naming its option), fills in defaults, and substitutes `${option.NAME}` into the job's definition.</summary>
public static partial class OptionValues
{
    private static readonly TimeSpan MatchLimit = TimeSpan.FromMilliseconds(200);

    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Problems) Resolve(
        string job, IReadOnlyList<JobOptionSpec> specs, IReadOnlyDictionary<string, string>? given)
    {
        given ??= new Dictionary<string, string>();
        var problems = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in given.Keys.Where(k => specs.All(s => s.Name != k)).Order(StringComparer.Ordinal))
            problems.Add(specs.Count == 0
                ? $"option '{name}': job '{job}' takes no options"
                : $"option '{name}': job '{job}' has no such option (its options: {string.Join(", ", specs.Select(s => s.Name))})");
        foreach (var spec in specs)
        {
            var value = given.TryGetValue(spec.Name, out var v) && v.Length > 0 ? v : spec.Default;
            if (string.IsNullOrEmpty(value))
            {
                if (spec.Required)
                    problems.Add($"option '{spec.Name}' is required" + (spec.Values is { Count: > 0 } list ? $": give one of {string.Join(", ", list)}" : ""));
                continue;
            }
            if (Problem(spec, value) is { } why) problems.Add(why);
            else values[spec.Name] = value;
        }
        return (values, problems);
    }

    /// <summary>Why a value does not fit its option, or null. The secure option's value is never quoted.</summary>
    public static string? Problem(JobOptionSpec spec, string value)
    {
        var shown = spec.Secure ? "the value" : $"'{Naming.NameRules.Printable(value)}'";
        if (spec.Values is { Count: > 0 } values && !values.Contains(value, StringComparer.Ordinal))
            return $"option '{spec.Name}': {shown} is not one of {string.Join(", ", values)}";
        if (spec.Pattern is { } pattern && !Matches(pattern, value))
            return $"option '{spec.Name}': {shown} does not match {pattern}";
        if (value.Any(char.IsControl)) return $"option '{spec.Name}': control characters are not allowed";
        return null;
    }

    /// <summary>The whole value must match, as Rundeck's option regex does.</summary>
    public static bool Matches(string pattern, string value)
    {
        try { return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, MatchLimit); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    public static bool IsPattern(string pattern)
    {
        try { _ = new Regex(pattern, RegexOptions.None, MatchLimit); return true; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>`${option.NAME}` replaced by its value; an option without a value gives the empty string.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        !text.Contains("${option.", StringComparison.Ordinal) ? text
            : Reference().Replace(text, m => values.GetValueOrDefault(m.Groups[1].Value, ""));

    public static IEnumerable<string> Referenced(string text) =>
        Reference().Matches(text).Select(m => m.Groups[1].Value);

    public static bool HasReference(string text) => text.Contains("${option.", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{option\.([A-Za-z0-9_-]+)\}")]
    private static partial Regex Reference();
}
