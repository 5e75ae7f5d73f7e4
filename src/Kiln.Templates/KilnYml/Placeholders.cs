using System.Text;
using Kiln.Templates.Config;

namespace Kiln.Templates.KilnYml;

/// <summary>kiln.yml's `{account}`, `{env}`, `{category}`, `{family}` and `{stamp}` in patterns; `{{` and `}}`
/// stand for literal braces. An unknown name is a problem, not silently left in a name.</summary>
internal sealed class Placeholders(IReadOnlyDictionary<string, string> values)
{
    public Placeholders With(string name, string value) =>
        new(new Dictionary<string, string>(values) { [name] = value });

    public string? Expand(string text, ConfigNode? at, Problems problems, string what)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c) { sb.Append(c); i++; continue; }
            if (c != '{') { sb.Append(c); continue; }
            var close = text.IndexOf('}', i);
            var name = close < 0 ? "" : text[(i + 1)..close];
            if (close < 0 || !values.TryGetValue(name, out var value))
            {
                var known = string.Join(", ", values.Keys.Select(k => "{" + k + "}"));
                var message = close < 0 ? $"unclosed '{{' in {what}: write {{{{ for a literal brace"
                    : $"unknown placeholder {{{name}}} in {what}: use {known}";
                if (at is null) problems.Add(message); else problems.At(at, message);
                return null;
            }
            sb.Append(value);
            i = close;
        }
        return sb.ToString();
    }
}
