namespace Kiln.Templates.Hcl;

/// <summary>A recursive-descent parser of HCL's native syntax straight over the characters (no separate token
/// pass: templates switch between text and expressions, which a scanner over characters follows most simply).
/// Newlines end attributes at body level and inside object constructors, and are plain space inside brackets,
/// parentheses and interpolations, as in hclsyntax. The first syntax error of a file stops that file.</summary>
public sealed partial class HclParser
{
    private readonly HclSource _src;
    private readonly string _text;
    private int _pos;
    private readonly Stack<bool> _newlines = new([true]);

    private HclParser(HclSource source)
    {
        _src = source;
        _text = source.Text;
    }

    public static HclBody ParseFile(HclSource source)
    {
        var p = new HclParser(source);
        var body = p.ParseBody(topLevel: true);
        return body;
    }

    /// <summary>One expression alone (a -var value, a test case): the whole text must be that expression.</summary>
    public static HclExpr ParseExpression(HclSource source)
    {
        var p = new HclParser(source);
        p._newlines.Push(false);
        p.SkipWs();
        var expr = p.ParseExpr();
        p.SkipWs();
        if (!p.AtEnd) throw p.Error("Extra characters after expression: an expression was complete here; remove what follows");
        return expr;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Cur => _pos < _text.Length ? _text[_pos] : '\0';
    private char Peek(int n = 1) => _pos + n < _text.Length ? _text[_pos + n] : '\0';
    private bool NewlinesSignificant => _newlines.Peek();

    private HclRange RangeFrom(int start) => new(_src, start, _pos);
    private HclRange Here(int length = 1) => new(_src, _pos, Math.Min(_text.Length, _pos + length));
    private HclException Error(string message, int length = 1) => new(Here(length), message);

    private bool LookingAt(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private bool Accept(string s)
    {
        if (!LookingAt(s)) return false;
        _pos += s.Length;
        return true;
    }

    private void Expect(char c, string what)
    {
        SkipWs();
        if (Cur != c) throw Error(AtEnd ? $"Unexpected end of file: expected {what}" : $"Unexpected '{Describe()}': expected {what}");
        _pos++;
    }

    private string Describe() => AtEnd ? "end of file" : Cur == '\n' ? "newline" : Cur.ToString();

    /// <summary>Skips spaces, tabs and comments; newlines too where they are not significant.</summary>
    private void SkipWs() => SkipWs(!NewlinesSignificant);

    private void SkipWs(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Cur;
            if (c is ' ' or '\t' || (c == '\r' && Peek() == '\n' && newlines)) _pos++;
            else if (c == '\n' && newlines) _pos++;
            else if (c == '#' || (c == '/' && Peek() == '/'))
            {
                while (!AtEnd && Cur != '\n') _pos++;
            }
            else if (c == '/' && Peek() == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw Error("Unterminated comment: a /* comment needs its */", 2);
                _pos = end + 2;
            }
            else if (c == '\r' && Peek() == '\n') return;
            else return;
        }
    }

    private static bool IsIdStart(char c) => char.IsLetter(c) || c == '_';
    private static bool IsIdPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';

    private string? TryIdentifier()
    {
        if (!IsIdStart(Cur)) return null;
        var start = _pos;
        while (!AtEnd && IsIdPart(Cur)) _pos++;
        return _text[start.._pos];
    }

    private bool AtKeyword(string word) =>
        LookingAt(word) && !IsIdPart(_pos + word.Length < _text.Length ? _text[_pos + word.Length] : '\0');

    private HclBody ParseBody(bool topLevel)
    {
        var start = _pos;
        var attributes = new List<HclAttribute>();
        var blocks = new List<HclBlock>();
        while (true)
        {
            SkipWs(newlines: true);
            if (AtEnd)
            {
                if (!topLevel) throw Error("Unclosed block: expected '}' before the end of the file");
                break;
            }
            if (Cur == '}')
            {
                if (topLevel) throw Error("Unexpected '}': there is no block to close here");
                break;
            }
            var nameStart = _pos;
            var name = TryIdentifier() ?? throw Error($"Argument or block definition required: expected a name, got '{Describe()}'");
            var nameRange = RangeFrom(nameStart);
            SkipWs(newlines: false);
            if (Cur == '=' && Peek() != '=')
            {
                _pos++;
                SkipWs(newlines: false);
                if (AtEnd || Cur == '\n') throw Error("Missing expression: an attribute needs a value after '='");
                var expr = ParseExpr();
                if (attributes.FirstOrDefault(a => a.Name == name) is { } previous)
                    throw new HclException(nameRange, $"Attribute redefined: '{name}' was already set at {previous.NameRange}");
                attributes.Add(new HclAttribute(name, expr, nameRange, nameRange.To(expr.Range)));
                EndOfItem();
                continue;
            }
            blocks.Add(ParseBlock(name, nameRange));
            EndOfItem();
        }
        return new HclBody(attributes, blocks, RangeFrom(start));
    }

    private HclBlock ParseBlock(string type, HclRange typeRange)
    {
        var labels = new List<string>();
        var labelRanges = new List<HclRange>();
        while (true)
        {
            SkipWs(newlines: false);
            var start = _pos;
            if (Cur == '"')
            {
                var label = ParseQuotedLiteralLabel();
                labels.Add(label);
                labelRanges.Add(RangeFrom(start));
            }
            else if (TryIdentifier() is { } id)
            {
                labels.Add(id);
                labelRanges.Add(RangeFrom(start));
            }
            else break;
        }
        if (Cur != '{')
            throw Error(Cur == '=' ? $"Invalid block definition: '{type}' is followed by labels and '=': an attribute has one name before '='"
                : $"Invalid block definition: expected '{{' to open the '{type}' block, got '{Describe()}'");
        _pos++;
        _newlines.Push(true);
        var body = ParseBody(topLevel: false);
        _newlines.Pop();
        _pos++; // '}'
        return new HclBlock(type, labels, body with { Range = body.Range with { End = _pos } }, typeRange, labelRanges);
    }

    /// <summary>After an attribute or block: a newline, the end of the file or the enclosing block's '}'.</summary>
    private void EndOfItem()
    {
        SkipWs(newlines: false);
        if (AtEnd || Cur == '}') return;
        if (Cur == '\n') { _pos++; return; }
        if (Cur == '\r' && Peek() == '\n') { _pos += 2; return; }
        throw Error($"Missing newline after argument: an argument or block definition must end with a newline, got '{Describe()}'");
    }

    private string ParseQuotedLiteralLabel()
    {
        var start = _pos;
        var template = ParseQuoted();
        if (template is LiteralExpr { Value: HclString s }) return s.Value;
        throw new HclException(RangeFrom(start), "Invalid block label: a label must be a plain string, without ${…} or %{…}");
    }
}
