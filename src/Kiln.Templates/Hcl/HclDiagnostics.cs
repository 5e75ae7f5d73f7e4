using System.Text;

namespace Kiln.Templates.Hcl;

/// <summary>A problem in a template: `file:line:col: message`, then the source line and a caret under the place,
/// as Packer prints HCL diagnostics.</summary>
public sealed record HclDiagnostic(HclRange Range, string Message)
{
    public override string ToString() => Format(Range, Message);

    public static string Format(HclRange range, string message)
    {
        if (range.Source is null) return message;
        var (line, column) = range.Source.LineColumn(range.Start);
        var text = range.Source.LineText(line);
        var sb = new StringBuilder($"{range.Source.FileName}:{line}:{column}: {message}");
        if (text.Trim().Length == 0) return sb.ToString();
        var gutter = $"  {line} | ";
        sb.Append('\n').Append(gutter).Append(text.Replace('\t', ' '));
        var (endLine, endColumn) = range.Source.LineColumn(Math.Max(range.Start, range.End - 1));
        var width = endLine == line ? Math.Max(1, endColumn - column + 1) : 1;
        width = Math.Min(width, Math.Max(1, text.Length - column + 1));
        sb.Append('\n').Append(' ', gutter.Length + column - 1).Append('^', width);
        return sb.ToString();
    }
}

/// <summary>Thrown by the parser and the evaluator for one problem; callers that can go on collect it and go on.</summary>
public sealed class HclException(HclRange range, string message) : Exception(message)
{
    public HclRange Range { get; } = range;
    public HclDiagnostic Diagnostic => new(Range, Message);
}
