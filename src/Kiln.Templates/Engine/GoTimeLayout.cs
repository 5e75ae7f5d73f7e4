using System.Globalization;
using System.Text;

namespace Kiln.Templates.Engine;

/// <summary>Go's reference-time layouts (`Mon Jan 2 15:04:05 MST 2006`), as Packer's `{{isotime "FORMAT"}}` takes
/// them, tokenised the way Go 1.15's time.Format does (Packer 1.6.6 was built with it), and turned into .NET
/// custom format strings. Packer formats isotime in UTC, and so does this.</summary>
public static class GoTimeLayout
{
    /// <summary>One chunk of a layout: literal text, or a Go element and its .NET custom format (null when .NET
    /// has no specifier for it: `_2` space-padded day, `pm` lower-case meridiem).</summary>
    public sealed record Token(string Go, string? DotNet, bool Literal = false);

    public static IReadOnlyList<Token> Tokenize(string layout)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var element = ElementAt(layout, i);
            if (element is null) { literal.Append(layout[i++]); continue; }
            if (element.Go == "_2006") { literal.Append('_'); element = ElementAt(layout, i + 1)!; i++; }
            if (literal.Length > 0) { tokens.Add(new Token(literal.ToString(), null, Literal: true)); literal.Clear(); }
            tokens.Add(element);
            i += element.Go.Length;
        }
        if (literal.Length > 0) tokens.Add(new Token(literal.ToString(), null, Literal: true));
        return tokens;
    }

    /// <summary>The .NET custom format equivalent for a UTC time, or null when the layout uses `_2` or `pm`.</summary>
    public static string? ToDotNet(string layout)
    {
        var sb = new StringBuilder();
        foreach (var token in Tokenize(layout))
        {
            if (token.Literal) { sb.Append(Escape(token.Go)); continue; }
            if (token.DotNet is null) return null;
            sb.Append(token.DotNet);
        }
        return sb.ToString();
    }

    public static string Format(string layout, DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var sb = new StringBuilder();
        foreach (var token in Tokenize(layout))
        {
            if (token.Literal) sb.Append(token.Go);
            else if (token.Go == "_2") sb.Append(utc.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2));
            else if (token.Go == "pm") sb.Append(utc.Hour < 12 ? "am" : "pm");
            else sb.Append(utc.ToString(token.DotNet!, CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Escape(string literal) => string.Concat(literal.Select(c => "\\" + c));

    /// <summary>The element starting at <paramref name="i"/>, following the cases of Go's nextStdChunk.</summary>
    private static Token? ElementAt(string s, int i)
    {
        bool At(string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0 && i + what.Length <= s.Length;
        bool LowerAfter(int n) => i + n < s.Length && s[i + n] is >= 'a' and <= 'z';
        switch (s[i])
        {
            case 'J' when At("January"): return new("January", "MMMM");
            case 'J' when At("Jan") && !LowerAfter(3): return new("Jan", "MMM");
            case 'M' when At("Monday"): return new("Monday", "dddd");
            case 'M' when At("Mon") && !LowerAfter(3): return new("Mon", "ddd");
            case 'M' when At("MST"): return new("MST", "\\U\\T\\C");
            case '0' when i + 1 < s.Length && s[i + 1] is >= '1' and <= '6':
                return new(s.Substring(i, 2), s[i + 1] switch { '1' => "MM", '2' => "dd", '3' => "hh", '4' => "mm", '5' => "ss", _ => "yy" });
            case '1' when At("15"): return new("15", "HH");
            case '1': return new("1", "%M");
            case '2' when At("2006"): return new("2006", "yyyy");
            case '2': return new("2", "%d");
            case '_' when At("_2006"): return new("_2006", null);
            case '_' when At("_2"): return new("_2", null);
            case '3': return new("3", "%h");
            case '4': return new("4", "%m");
            case '5': return new("5", "%s");
            case 'P' when At("PM"): return new("PM", "tt");
            case 'p' when At("pm"): return new("pm", null);
            case '-' or 'Z': return Zone(s, i);
            case '.' when i + 1 < s.Length && s[i + 1] is '0' or '9':
                var j = i + 1;
                while (j < s.Length && s[j] == s[i + 1]) j++;
                if (j < s.Length && char.IsAsciiDigit(s[j])) return null;
                var digits = j - i - 1;
                var spec = new string(s[i + 1] == '0' ? 'f' : 'F', Math.Min(digits, 7));
                // .NET stops at 7 digits (100 ns ticks); Go's 8th and 9th digits are always 0 for such a time.
                var pad = s[i + 1] == '0' && digits > 7 ? new string('0', digits - 7) : "";
                return new(s.Substring(i, digits + 1), "." + spec + pad);
            default: return null;
        }
    }

    /// <summary>Numeric zones; for UTC, `-07:00` prints `+00:00` and `Z07:00` prints `Z`.</summary>
    private static Token? Zone(string s, int i)
    {
        string[] shapes = ["070000", "07:00:00", "0700", "07:00", "07"];
        foreach (var shape in shapes)
        {
            if (string.CompareOrdinal(s, i + 1, shape, 0, shape.Length) != 0 || i + 1 + shape.Length > s.Length) continue;
            return new(s[i] + shape, s[i] == 'Z' ? "\\Z" : Escape("+" + shape.Replace('7', '0')));
        }
        return null;
    }
}
