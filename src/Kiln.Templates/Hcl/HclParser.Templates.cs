using System.Globalization;
using System.Text;

namespace Kiln.Templates.Hcl;

public sealed partial class HclParser
{
    /// <summary>One piece of a template before directives are nested: text, `${…}` or a `%{…}` directive.</summary>
    private abstract record Piece(int Start);
    private sealed record TextPiece(int Start, string Text) : Piece(Start);
    private sealed record InterpPiece(int Start, HclExpr Expr, bool StripLeft, bool StripRight) : Piece(Start);
    private sealed record DirectivePiece(int Start, string Keyword, HclExpr? Expr, string? KeyVar, string? ValueVar,
        bool StripLeft, bool StripRight, HclRange Range) : Piece(Start);

    private bool _wholeTemplate;

    /// <summary>A whole file as a template (templatefile()): text with interpolations and directives, no quotes.</summary>
    public static HclExpr ParseTemplate(HclSource source)
    {
        var p = new HclParser(source) { _wholeTemplate = true };
        return p.BuildTemplate(p.ReadPieces(null), 0, 0);
    }

    private HclExpr ParseQuoted()
    {
        var start = _pos;
        _pos++; // "
        var pieces = ReadPieces(heredocMarker: null);
        return BuildTemplate(pieces, start, flushIndent: 0);
    }

    private HclExpr ParseHeredoc()
    {
        var start = _pos;
        _pos += 2;
        var flush = Accept("-");
        var marker = TryIdentifier() ?? throw Error("Invalid heredoc: expected an identifier such as EOT after '<<'");
        if (Cur == '\r') _pos++;
        if (Cur != '\n') throw Error($"Invalid heredoc: the line must end right after '<<{(flush ? "-" : "")}{marker}'");
        _pos++;
        var bodyStart = _pos;
        var pieces = ReadPieces(marker);
        var indent = flush ? MinIndent(bodyStart, marker) : 0;
        return BuildTemplate(pieces, start, indent);
    }

    /// <summary>The smallest indentation of the heredoc's non-blank lines, which `<<-` removes from each line.</summary>
    private int MinIndent(int bodyStart, string marker)
    {
        var min = int.MaxValue;
        foreach (var line in _text[bodyStart.._pos].Split('\n'))
        {
            if (line.Trim().Length == 0 || line.Trim() == marker) continue;
            var n = 0;
            while (n < line.Length && line[n] is ' ' or '\t') n++;
            min = Math.Min(min, n);
        }
        return min == int.MaxValue ? 0 : min;
    }

    private bool AtHeredocEnd(string marker, int lineStart)
    {
        var end = _text.IndexOf('\n', lineStart);
        var line = (end < 0 ? _text[lineStart..] : _text[lineStart..end]).TrimEnd('\r').Trim();
        if (line != marker) return false;
        _pos = end < 0 ? _text.Length : end;
        return true;
    }

    private List<Piece> ReadPieces(string? heredocMarker)
    {
        var pieces = new List<Piece>();
        var text = new StringBuilder();
        var textStart = _pos;
        var lineStart = true;
        void Flush()
        {
            if (text.Length > 0) pieces.Add(new TextPiece(textStart, text.ToString()));
            text.Clear();
            textStart = _pos;
        }
        var quoted = heredocMarker is null && !_wholeTemplate;
        while (true)
        {
            if (_wholeTemplate && AtEnd) break;
            if (heredocMarker is not null && lineStart && AtHeredocEnd(heredocMarker, _pos)) break;
            lineStart = false;
            if (AtEnd)
                throw heredocMarker is null ? Error("Unterminated template string: a string needs its closing '\"'")
                    : Error($"Unterminated heredoc: expected a line with '{heredocMarker}' alone");
            var c = Cur;
            if (quoted && c == '"') { _pos++; break; }
            if (quoted && c == '\n')
                throw Error("Unterminated template string: a quoted string must end on its line; use a heredoc (<<EOT) for text of several lines");
            if ((c == '$' || c == '%') && Peek() == c && Peek(2) == '{')
            {
                text.Append(c).Append('{');
                _pos += 3;
                continue;
            }
            if ((c == '$' || c == '%') && Peek() == '{')
            {
                Flush();
                pieces.Add(c == '$' ? ReadInterpolation() : ReadDirective());
                textStart = _pos;
                continue;
            }
            if (c == '\\' && quoted)
            {
                text.Append(ReadEscape());
                continue;
            }
            text.Append(c);
            _pos++;
            if (c == '\n') lineStart = true;
        }
        var end = _pos;
        if (text.Length > 0) pieces.Add(new TextPiece(textStart, text.ToString()));
        _pos = end;
        return pieces;
    }

    private string ReadEscape()
    {
        var start = _pos;
        _pos++;
        var c = Cur;
        _pos++;
        switch (c)
        {
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u' or 'U':
                var digits = c == 'u' ? 4 : 8;
                var hex = _pos + digits <= _text.Length ? _text.Substring(_pos, digits) : "";
                if (hex.Length != digits || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
                    throw new HclException(new HclRange(_src, start, _pos), $"Invalid escape sequence: \\{c} needs {digits} hexadecimal digits");
                _pos += digits;
                return char.ConvertFromUtf32(code);
            default:
                throw new HclException(new HclRange(_src, start, _pos), $"Invalid escape sequence: '\\{c}' is not an escape; the escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN");
        }
    }

    private InterpPiece ReadInterpolation()
    {
        var start = _pos;
        _pos += 2;
        var stripLeft = Accept("~");
        _newlines.Push(false);
        SkipWs();
        if (Cur == '}') throw Error("Missing expression: '${' needs an expression before '}'");
        var expr = ParseExpr();
        SkipWs();
        var stripRight = Accept("~");
        if (Cur != '}') throw Error($"Extra characters after interpolation expression: expected '}}', got '{Describe()}'");
        _pos++;
        _newlines.Pop();
        return new InterpPiece(start, expr, stripLeft, stripRight);
    }

    private DirectivePiece ReadDirective()
    {
        var start = _pos;
        _pos += 2;
        var stripLeft = Accept("~");
        _newlines.Push(false);
        SkipWs();
        var keywordStart = _pos;
        var keyword = TryIdentifier() ?? throw Error("Invalid template directive: expected if, else, endif, for or endfor after '%{'");
        HclExpr? expr = null;
        string? keyVar = null, valueVar = null;
        switch (keyword)
        {
            case "if":
                expr = ParseExpr();
                break;
            case "for":
                SkipWs();
                valueVar = TryIdentifier() ?? throw Error("Invalid 'for' directive: expected a variable name");
                SkipWs();
                if (Cur == ',')
                {
                    _pos++;
                    SkipWs();
                    keyVar = valueVar;
                    valueVar = TryIdentifier() ?? throw Error("Invalid 'for' directive: expected a second variable name after ','");
                    SkipWs();
                }
                if (!AtKeyword("in")) throw Error("Invalid 'for' directive: expected 'in'");
                _pos += 2;
                expr = ParseExpr();
                break;
            case "else" or "endif" or "endfor":
                break;
            default:
                throw new HclException(RangeFrom(keywordStart), $"Invalid template directive: '{keyword}' is not one of if, else, endif, for, endfor");
        }
        SkipWs();
        var stripRight = Accept("~");
        if (Cur != '}') throw Error($"Invalid template directive: expected '}}' to close '%{{ {keyword}', got '{Describe()}'");
        _pos++;
        _newlines.Pop();
        return new DirectivePiece(start, keyword, expr, keyVar, valueVar, stripLeft, stripRight, new HclRange(_src, start, _pos));
    }

    private HclExpr BuildTemplate(List<Piece> pieces, int start, int flushIndent)
    {
        var range = RangeFrom(start);
        if (flushIndent > 0) pieces = Unindent(pieces, flushIndent);
        pieces = Strip(pieces);
        if (pieces.Count == 1 && pieces[0] is InterpPiece { StripLeft: false, StripRight: false } only)
            return new TemplateWrapExpr(only.Expr, range);
        var index = 0;
        var parts = Nest(pieces, ref index, null, range);
        if (parts.Count == 0) return new LiteralExpr(HclValue.Of(""), range);
        if (parts.Count == 1 && parts[0] is LiteralPart lit) return new LiteralExpr(HclValue.Of(lit.Text), range);
        return new TemplateExpr(parts, range);
    }

    private static List<Piece> Unindent(List<Piece> pieces, int indent)
    {
        var result = new List<Piece>();
        var atLineStart = true;
        foreach (var piece in pieces)
        {
            if (piece is not TextPiece t) { result.Add(piece); atLineStart = false; continue; }
            var lines = t.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i == 0 && !atLineStart) continue;
                var n = 0;
                while (n < indent && n < lines[i].Length && lines[i][n] is ' ' or '\t') n++;
                lines[i] = lines[i][n..];
            }
            result.Add(t with { Text = string.Join('\n', lines) });
            atLineStart = t.Text.EndsWith('\n');
        }
        return result;
    }

    /// <summary>`~` strip markers remove the whitespace (newlines included) on that side of the interpolation
    /// or directive.</summary>
    private static List<Piece> Strip(List<Piece> pieces)
    {
        var result = new List<Piece>(pieces);
        for (var i = 0; i < result.Count; i++)
        {
            var (left, right) = result[i] switch
            {
                InterpPiece p => (p.StripLeft, p.StripRight),
                DirectivePiece d => (d.StripLeft, d.StripRight),
                _ => (false, false),
            };
            if (left && i > 0 && result[i - 1] is TextPiece before) result[i - 1] = before with { Text = before.Text.TrimEnd() };
            if (right && i + 1 < result.Count && result[i + 1] is TextPiece after) result[i + 1] = after with { Text = after.Text.TrimStart() };
        }
        return result;
    }

    /// <summary>Nests `%{if}…%{else}…%{endif}` and `%{for}…%{endfor}` into parts, checking they pair up.</summary>
    private List<TemplatePart> Nest(List<Piece> pieces, ref int index, DirectivePiece? open, HclRange whole)
    {
        var parts = new List<TemplatePart>();
        while (index < pieces.Count)
        {
            var piece = pieces[index++];
            switch (piece)
            {
                case TextPiece t:
                    if (t.Text.Length > 0) parts.Add(new LiteralPart(t.Text));
                    break;
                case InterpPiece p:
                    parts.Add(new InterpolationPart(p.Expr));
                    break;
                case DirectivePiece { Keyword: "if" } d:
                    var then = Nest(pieces, ref index, d, whole);
                    var els = new List<TemplatePart>();
                    if (index > 0 && pieces[index - 1] is DirectivePiece { Keyword: "else" } e) els = Nest(pieces, ref index, e, whole);
                    parts.Add(new IfPart(d.Expr!, then, els));
                    break;
                case DirectivePiece { Keyword: "for" } f:
                    parts.Add(new ForPart(f.KeyVar, f.ValueVar!, f.Expr!, Nest(pieces, ref index, f, whole)));
                    break;
                case DirectivePiece d:
                    var expected = open?.Keyword switch { "if" => "else or endif", "else" => "endif", "for" => "endfor", _ => null };
                    var fits = (open?.Keyword, d.Keyword) is ("if", "else") or ("if", "endif") or ("else", "endif") or ("for", "endfor");
                    if (!fits)
                        throw new HclException(d.Range, expected is null
                            ? $"Unexpected '{d.Keyword}' directive: there is no open %{{if}} or %{{for}} for it"
                            : $"Unexpected '{d.Keyword}' directive: expected {expected} for the directive at {open!.Range}");
                    return parts;
            }
        }
        if (open is not null)
            throw new HclException(open.Range, $"Unterminated template directive: '%{{{open.Keyword}}}' needs its %{{{(open.Keyword == "for" ? "endfor" : "endif")}}}");
        return parts;
    }
}
