using System.Globalization;
using System.Text;

namespace Kiln.Templates.Packer.PostProcessors;

/// <summary>Text as Go 1.15's encoding/json.MarshalIndent(v, "", "  ") writes it (Packer 1.6.6 is built with it):
/// `"key": value`, two-space indents, `[]`/`{}` when empty, no newline at the end, and Go's string escaping, which
/// differs from System.Text.Json's: &lt; &gt; &amp; U+2028 U+2029 as \u003c \u003e \u0026 \u2028 \u2029, other
/// control characters as \u00XX in lower-case hex except \n \r \t, everything else (é, emoji) as raw UTF-8.</summary>
internal sealed class GoJson
{
    private readonly StringBuilder _sb = new();
    private int _depth;

    public override string ToString() => _sb.ToString();

    public GoJson Raw(string text) { _sb.Append(text); return this; }

    public GoJson String(string? value)
    {
        if (value is null) return Raw("null");
        _sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: _sb.Append(c); break;
            }
        }
        _sb.Append('"');
        return this;
    }

    public GoJson Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An object or array: <paramref name="members"/> writes each member; a member is separated and
    /// indented here. Empty ones print as `{}` / `[]`, as Go does.</summary>
    public GoJson Block(char open, char close, IReadOnlyList<Action<GoJson>> members)
    {
        _sb.Append(open);
        if (members.Count == 0) { _sb.Append(close); return this; }
        _depth++;
        for (var i = 0; i < members.Count; i++)
        {
            _sb.Append('\n').Append(' ', 2 * _depth);
            members[i](this);
            if (i < members.Count - 1) _sb.Append(',');
        }
        _depth--;
        _sb.Append('\n').Append(' ', 2 * _depth).Append(close);
        return this;
    }

    public static Action<GoJson> Member(string key, Action<GoJson> value) => w => { w.String(key).Raw(": "); value(w); };
}
