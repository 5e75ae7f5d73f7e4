using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Kiln.LocalCloud.Filtering;

/// <summary>EC2 filter values: `*` any run, `?` one character, `\` escapes either; case-sensitive, whole value.</summary>
public static class Wildcard
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new();

    public static bool IsMatch(string pattern, string value) =>
        HasWildcard(pattern) ? Cache.GetOrAdd(pattern, p => new Regex(ToRegex(p), RegexOptions.CultureInvariant)).IsMatch(value)
                             : Unescape(pattern) == value;

    public static bool HasWildcard(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') { i++; continue; }
            if (pattern[i] is '*' or '?') return true;
        }
        return false;
    }

    public static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }

    /// <summary>The same pattern as an SQLite GLOB (`[` and escaped wildcards become one-character classes).</summary>
    public static string ToGlob(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Literal(pattern[++i]));
            else if (c is '*' or '?') sb.Append(c);
            else sb.Append(Literal(c));
        }
        return sb.ToString();

        static string Literal(char c) => c is '*' or '?' or '[' or ']' ? $"[{c}]" : c.ToString();
    }

    private static string Unescape(string pattern) => pattern.Contains('\\') ? Regex.Replace(pattern, @"\\(.)", "$1") : pattern;
}
