using System.Globalization;
using System.Text;

namespace Kiln.Templates.Engine;

/// <summary>Parses `text {{ action }} text` as Go's text/template does for the subset Packer templates use:
/// string literals ("…" with Go escapes, and `raw`), numbers, booleans, function calls with arguments,
/// pipelines with `|`, parenthesised sub-pipelines, `.Field` references, `{{- -}}` trimming and comments.</summary>
public static class TemplateParser
{
    private static readonly HashSet<string> Keywords = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil"];

    public static IReadOnlyList<TemplatePart> Parse(string text)
    {
        var parts = new List<TemplatePart>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0) { parts.Add(new TextPart(text[i..])); break; }
            var literal = text[i..open];
            var start = open + 2;
            if (start + 1 < text.Length && text[start] == '-' && char.IsWhiteSpace(text[start + 1]))
            {
                literal = literal.TrimEnd();
                start += 1;
            }
            if (literal.Length > 0) parts.Add(new TextPart(literal));
            var lexer = new Lexer(text, start);
            var (action, end, trimRight) = lexer.ReadAction();
            var source = text[open..end];
            if (action is not null) parts.Add(new ActionPart(action, source));
            i = end;
            if (trimRight) while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        }
        return parts;
    }

    private sealed class Lexer(string text, int pos)
    {
        public (Pipeline? Action, int End, bool TrimRight) ReadAction()
        {
            SkipSpace();
            if (Peek("/*"))
            {
                var close = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                if (close < 0) throw new TemplateException("unclosed comment");
                pos = close + 2;
                var commentEnd = CloseAction();
                return (null, commentEnd, trimRight);
            }
            var pipeline = ReadPipeline(inParens: false);
            var end = CloseAction();
            return (pipeline, end, trimRight);
        }

        private bool trimRight;

        private int CloseAction()
        {
            SkipSpace();
            if (Peek("-}}") && pos > 0 && char.IsWhiteSpace(text[pos - 1])) { trimRight = true; return pos + 3; }
            if (Peek("}}")) return pos + 2;
            throw new TemplateException(pos >= text.Length ? "unclosed action: missing '}}'" : $"unexpected '{text[pos]}' in action");
        }

        private Pipeline ReadPipeline(bool inParens)
        {
            var commands = new List<Command>();
            while (true)
            {
                var operands = new List<Operand>();
                while (true)
                {
                    SkipSpace();
                    if (pos >= text.Length || Peek("}}") || Peek("-}}") && char.IsWhiteSpace(text[pos - 1]) || Peek("|") || Peek(")")) break;
                    operands.Add(ReadOperand());
                }
                if (operands.Count == 0)
                    throw new TemplateException(commands.Count == 0 ? "empty action" : "missing command after '|'");
                commands.Add(new Command(operands));
                SkipSpace();
                if (Peek("|")) { pos++; continue; }
                if (inParens)
                {
                    if (!Peek(")")) throw new TemplateException("unclosed '(': missing ')'");
                    pos++;
                }
                else if (Peek(")")) throw new TemplateException("unexpected ')'");
                return new Pipeline(commands);
            }
        }

        private Operand ReadOperand()
        {
            var c = text[pos];
            if (c == '"') return new StringOperand(ReadQuoted());
            if (c == '`')
            {
                var close = text.IndexOf('`', pos + 1);
                if (close < 0) throw new TemplateException("unterminated raw string: missing closing backquote");
                var value = text[(pos + 1)..close];
                pos = close + 1;
                return new StringOperand(value);
            }
            if (c == '(') { pos++; return new PipelineOperand(ReadPipeline(inParens: true)); }
            if (c == '.' && (pos + 1 >= text.Length || !char.IsAsciiDigit(text[pos + 1])))
            {
                pos++;
                return new FieldOperand("." + ReadWord(allowDots: true));
            }
            if (char.IsAsciiDigit(c) || (c is '-' or '+' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))
            {
                var start = pos++;
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '.' or '_')) pos++;
                var number = text[start..pos];
                if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    throw new TemplateException($"bad number syntax: {number}");
                return new NumberOperand(n, number);
            }
            if (c == '$') throw new TemplateException("template variables ($x) are not supported in Packer templates");
            if (c == '\'') throw new TemplateException("character constants ('x') are not supported: use \"x\"");
            if (char.IsLetter(c) || c == '_')
            {
                var word = ReadWord(allowDots: false);
                if (word is "true" or "false") return new BoolOperand(word == "true");
                if (Keywords.Contains(word)) throw new TemplateException($"{{{{{word}}}}} is not supported in Packer templates");
                return new FunctionOperand(word);
            }
            throw new TemplateException($"unexpected '{c}' in action");
        }

        private string ReadWord(bool allowDots)
        {
            var start = pos;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_' || allowDots && text[pos] == '.')) pos++;
            return text[start..pos];
        }

        private string ReadQuoted()
        {
            var sb = new StringBuilder();
            pos++;
            while (true)
            {
                if (pos >= text.Length || text[pos] == '\n') throw new TemplateException("unterminated quoted string");
                var c = text[pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                if (pos >= text.Length) throw new TemplateException("unterminated quoted string");
                var e = text[pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\\' or '"' or '\'': sb.Append(e); break;
                    case 'x': sb.Append((char)Hex(2)); break;
                    case 'u': sb.Append(char.ConvertFromUtf32(Hex(4))); break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(8))); break;
                    default: throw new TemplateException($"unknown escape sequence \\{e} in quoted string");
                }
            }
        }

        private int Hex(int digits)
        {
            if (pos + digits > text.Length || !int.TryParse(text.AsSpan(pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
                throw new TemplateException("bad hexadecimal escape in quoted string");
            pos += digits;
            return v;
        }

        private bool Peek(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
        }
    }
}
