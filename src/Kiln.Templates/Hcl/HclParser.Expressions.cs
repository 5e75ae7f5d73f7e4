using System.Globalization;

namespace Kiln.Templates.Hcl;

public sealed partial class HclParser
{
    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["==", "!="], [">=", "<=", ">", "<"], ["+", "-"], ["*", "/", "%"],
    ];

    private HclExpr ParseExpr()
    {
        var cond = ParseBinary(0);
        SkipWs();
        if (Cur != '?') return cond;
        _pos++;
        SkipWs();
        var whenTrue = ParseExpr();
        SkipWs();
        if (Cur != ':') throw Error($"Missing false expression in conditional: expected ':', got '{Describe()}'");
        _pos++;
        SkipWs();
        var whenFalse = ParseExpr();
        return new ConditionalExpr(cond, whenTrue, whenFalse, cond.Range.To(whenFalse.Range));
    }

    private HclExpr ParseBinary(int level)
    {
        if (level == Levels.Length) return ParseUnary();
        var left = ParseBinary(level + 1);
        while (true)
        {
            SkipWs();
            // The longer operators come first in each level: `>=` is never read as `>`.
            var op = Array.Find(Levels[level], LookingAt);
            if (op is null) return left;
            _pos += op.Length;
            SkipWs();
            if (AtEnd || (NewlinesSignificant && Cur == '\n'))
                throw Error($"Missing expression after '{op}': an operator needs a value on each side");
            var right = ParseBinary(level + 1);
            left = new BinaryExpr(op, left, right, left.Range.To(right.Range));
        }
    }

    private HclExpr ParseUnary()
    {
        SkipWs();
        var start = _pos;
        if (Cur is '-' or '!')
        {
            var op = Cur.ToString();
            _pos++;
            SkipWs();
            var operand = ParseUnary();
            return new UnaryExpr(op, operand, RangeFrom(start));
        }
        return ParsePostfix(ParseTerm());
    }

    private HclExpr ParsePostfix(HclExpr expr)
    {
        while (true)
        {
            var save = _pos;
            SkipWs(newlines: false);
            if (LookingAt("..."))
            {
                _pos = save;
                return expr;
            }
            if (Cur == '.' && Peek() == '*')
            {
                _pos += 2;
                HclExpr each = new SplatItemExpr(Here(0));
                while (Cur == '.' && IsIdStart(Peek()))
                {
                    _pos++;
                    each = GetAttr(each);
                }
                expr = new SplatExpr(expr, each, expr.Range with { End = _pos });
            }
            else if (Cur == '.')
            {
                _pos++;
                if (char.IsDigit(Cur))
                {
                    var start = _pos;
                    while (char.IsDigit(Cur)) _pos++;
                    var index = decimal.Parse(_text[start.._pos], CultureInfo.InvariantCulture);
                    expr = new IndexExpr(expr, new LiteralExpr(HclValue.Of(index), RangeFrom(start)), expr.Range with { End = _pos });
                }
                else if (IsIdStart(Cur)) expr = GetAttr(expr);
                else throw Error($"Invalid attribute name: expected a name after '.', got '{Describe()}'");
            }
            else if (Cur == '[' && SplatBracket())
            {
                HclExpr each = new SplatItemExpr(Here(0));
                while (true)
                {
                    if (Cur == '.' && IsIdStart(Peek())) { _pos++; each = GetAttr(each); }
                    else if (Cur == '[' && !SplatBracket()) each = Index(each);
                    else break;
                }
                expr = new SplatExpr(expr, each, expr.Range with { End = _pos });
            }
            else if (Cur == '[') expr = Index(expr);
            else
            {
                _pos = save;
                return expr;
            }
        }
    }

    /// <summary>At `[*]`: consumes it and says so.</summary>
    private bool SplatBracket()
    {
        var save = _pos;
        _pos++;
        SkipWs(newlines: true);
        if (Cur == '*')
        {
            _pos++;
            SkipWs(newlines: true);
            if (Cur == ']') { _pos++; return true; }
        }
        _pos = save;
        return false;
    }

    private HclExpr GetAttr(HclExpr source)
    {
        var name = TryIdentifier()!;
        return new GetAttrExpr(source, name, source.Range with { End = _pos });
    }

    private HclExpr Index(HclExpr source)
    {
        _pos++;
        _newlines.Push(false);
        SkipWs();
        var key = ParseExpr();
        Expect(']', "']' to close the index");
        _newlines.Pop();
        return new IndexExpr(source, key, source.Range with { End = _pos });
    }

    private HclExpr ParseTerm()
    {
        SkipWs();
        var start = _pos;
        if (AtEnd) throw Error("Missing expression: expected a value, got the end of the file");
        var c = Cur;
        if (char.IsDigit(c)) return ParseNumber();
        if (c == '"') return ParseQuoted();
        if (c == '<' && Peek() == '<') return ParseHeredoc();
        if (c == '[') return ParseTuple();
        if (c == '{') return ParseObject();
        if (c == '(')
        {
            _pos++;
            _newlines.Push(false);
            SkipWs();
            var inner = ParseExpr();
            Expect(')', "')' to close the parenthesis");
            _newlines.Pop();
            return new ParenExpr(inner, RangeFrom(start));
        }
        if (IsIdStart(c))
        {
            var name = TryIdentifier()!;
            var nameRange = RangeFrom(start);
            switch (name)
            {
                case "true": return new LiteralExpr(HclValue.True, nameRange);
                case "false": return new LiteralExpr(HclValue.False, nameRange);
                case "null": return new LiteralExpr(HclValue.Null, nameRange);
            }
            var save = _pos;
            SkipWs(newlines: false);
            if (Cur == '(') return ParseCall(name, nameRange);
            _pos = save;
            return new VariableExpr(name, nameRange);
        }
        if (NewlinesSignificant && c == '\n') throw Error("Missing expression: expected a value before the end of the line");
        throw Error($"Invalid expression: expected the start of an expression, got '{Describe()}'");
    }

    private HclExpr ParseNumber()
    {
        var start = _pos;
        while (char.IsDigit(Cur)) _pos++;
        if (Cur == '.' && char.IsDigit(Peek()))
        {
            _pos++;
            while (char.IsDigit(Cur)) _pos++;
        }
        if (Cur is 'e' or 'E' && (char.IsDigit(Peek()) || (Peek() is '+' or '-' && char.IsDigit(Peek(2)))))
        {
            _pos += 2;
            while (char.IsDigit(Cur)) _pos++;
        }
        var text = _text[start.._pos];
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new HclException(RangeFrom(start), $"Invalid number: '{text}' is out of range");
        return new LiteralExpr(HclValue.Of(value), RangeFrom(start));
    }

    private HclExpr ParseCall(string name, HclRange nameRange)
    {
        _pos++; // (
        _newlines.Push(false);
        var args = new List<HclExpr>();
        var expand = false;
        SkipWs();
        while (Cur != ')')
        {
            if (expand) throw Error("Missing closing parenthesis: '...' must follow the last argument");
            args.Add(ParseExpr());
            SkipWs();
            if (Accept("...")) { expand = true; SkipWs(); }
            if (Cur == ',') { _pos++; SkipWs(); continue; }
            if (Cur != ')') throw Error(AtEnd ? $"Unterminated function call: expected ')' to close {name}(" : $"Missing argument separator: expected ',' or ')', got '{Describe()}'");
        }
        _pos++;
        _newlines.Pop();
        return new CallExpr(name, args, expand, nameRange, nameRange with { End = _pos });
    }

    private HclExpr ParseTuple()
    {
        var start = _pos;
        _pos++;
        _newlines.Push(false);
        SkipWs();
        if (AtKeyword("for")) return FinishFor(start, ']');
        var items = new List<HclExpr>();
        while (Cur != ']')
        {
            items.Add(ParseExpr());
            SkipWs();
            if (Cur == ',') { _pos++; SkipWs(); continue; }
            if (Cur != ']') throw Error(AtEnd ? "Unterminated tuple: expected ']'" : $"Missing item separator: expected ',' or ']' in the tuple, got '{Describe()}'");
        }
        _pos++;
        _newlines.Pop();
        return new TupleExpr(items, RangeFrom(start));
    }

    private HclExpr ParseObject()
    {
        var start = _pos;
        _pos++;
        _newlines.Push(true);
        SkipWs(newlines: true);
        if (AtKeyword("for"))
        {
            _newlines.Pop();
            _newlines.Push(false);
            return FinishFor(start, '}');
        }
        var items = new List<ObjectItem>();
        while (Cur != '}')
        {
            if (AtEnd) throw Error("Unterminated object: expected '}'");
            var key = ParseExpr();
            SkipWs(newlines: false);
            if (!(Cur == '=' && Peek() is not ('=' or '>')) && Cur != ':')
                throw Error($"Missing key/value separator: expected '=' or ':' after the key, got '{Describe()}'");
            _pos++;
            SkipWs(newlines: false);
            var value = ParseExpr();
            items.Add(new ObjectItem(key, value, key is VariableExpr));
            SkipWs(newlines: false);
            if (Cur == ',') _pos++;
            else if (Cur == '\n' || (Cur == '\r' && Peek() == '\n')) { }
            else if (Cur != '}') throw Error($"Missing attribute separator: expected a newline or ',' after an object attribute, got '{Describe()}'");
            SkipWs(newlines: true);
        }
        _pos++;
        _newlines.Pop();
        return new ObjectExpr(items, RangeFrom(start));
    }

    private HclExpr FinishFor(int start, char close)
    {
        _pos += 3;
        SkipWs();
        var first = TryIdentifier() ?? throw Error("Invalid 'for' expression: expected a variable name after 'for'");
        string? keyVar = null;
        var valueVar = first;
        SkipWs();
        if (Cur == ',')
        {
            _pos++;
            SkipWs();
            keyVar = first;
            valueVar = TryIdentifier() ?? throw Error("Invalid 'for' expression: expected a second variable name after ','");
            SkipWs();
        }
        if (!AtKeyword("in")) throw Error("Invalid 'for' expression: expected 'in' after the variable names");
        _pos += 2;
        var collection = ParseExpr();
        SkipWs();
        if (Cur != ':') throw Error($"Invalid 'for' expression: expected ':' after the collection, got '{Describe()}'");
        _pos++;
        HclExpr? keyExpr = null;
        var valueExpr = ParseExpr();
        SkipWs();
        var grouping = false;
        if (close == '}')
        {
            if (!Accept("=>")) throw Error("Invalid 'for' expression: an object 'for' needs 'key => value'");
            keyExpr = valueExpr;
            valueExpr = ParseExpr();
            SkipWs();
            if (Accept("...")) { grouping = true; SkipWs(); }
        }
        else if (LookingAt("=>")) throw Error("Invalid 'for' expression: '=>' is for object 'for' expressions in braces { }");
        HclExpr? condition = null;
        if (AtKeyword("if"))
        {
            _pos += 2;
            condition = ParseExpr();
            SkipWs();
        }
        if (Cur != close) throw Error($"Invalid 'for' expression: expected '{close}', got '{Describe()}'");
        _pos++;
        _newlines.Pop();
        return new ForExpr(keyVar, valueVar, collection, keyExpr, valueExpr, condition, grouping, RangeFrom(start));
    }
}
