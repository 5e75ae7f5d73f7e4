using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Gce.Listing;

/// <summary>
/// Compute Engine's list filter as gcloud sends it: `FIELD eq "RE2"` or `FIELD ne "RE2"`, several ANDed as
/// `(a eq "x") (b ne "y")`. A string operand is a regular expression matched against the whole value (gcloud sends
/// `family=X` as `family eq ".*\bX\b.*"` and `name~^kiln` as `name eq ".*(^kiln).*"`); unquoted operands are
/// numbers or booleans compared as text. Fields are dotted paths into the resource's JSON (`labels.env`).
/// </summary>
public sealed partial class GceFilter
{
    private readonly IReadOnlyList<(string Field, bool Equal, Regex Pattern)> _terms;

    private GceFilter(IReadOnlyList<(string, bool, Regex)> terms) => _terms = terms;

    [GeneratedRegex("""^\s*\(?\s*([A-Za-z0-9_.\-]+)\s+(eq|ne)\s+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s()]+)\s*\)?\s*""")]
    private static partial Regex Term();

    public static GceFilter? Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) return null;
        var terms = new List<(string, bool, Regex)>();
        var rest = expression;
        while (rest.Trim().Length > 0)
        {
            var m = Term().Match(rest);
            if (!m.Success)
                throw GceErrors.InvalidField("filter", expression, "Invalid list filter expression: the local cloud takes FIELD eq|ne VALUE (VALUE an RE2 expression, quoted or not), several as (A) (B); Compute Engine's =, != and : comparisons are not implemented here.");
            var operand = m.Groups[3].Value;
            // Google: with eq and ne the literal, quoted (either way) or not, is an RE2 expression matching the whole field.
            var pattern = operand[0] is '"' or '\'' ? operand[1..^1].Replace($"\\{operand[0]}", operand[..1], StringComparison.Ordinal) : operand;
            try
            {
                terms.Add((m.Groups[1].Value, m.Groups[2].Value == "eq",
                    new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
            }
            catch (ArgumentException e)
            {
                throw GceErrors.InvalidField("filter", expression, $"The regular expression '{pattern}' is not valid: {e.Message}");
            }
            rest = rest[m.Length..];
        }
        return new GceFilter(terms);
    }

    public bool Matches(JsonObject resource) =>
        _terms.All(t => t.Pattern.IsMatch(Value(resource, t.Field)) == t.Equal);

    private static string Value(JsonNode? node, string field)
    {
        foreach (var part in field.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }
}
