namespace Kiln.Templates.Hcl;

/// <summary>One HCL file's text with its line starts, so any offset becomes a line and column and any problem can
/// show its line with a caret under the place.</summary>
public sealed class HclSource
{
    private readonly List<int> _lineStarts = [0];

    public HclSource(string fileName, string text)
    {
        FileName = fileName;
        Text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        for (var i = 0; i < Text.Length; i++) if (Text[i] == '\n') _lineStarts.Add(i + 1);
    }

    public string FileName { get; }
    public string Text { get; }

    public (int Line, int Column) LineColumn(int offset)
    {
        var index = _lineStarts.BinarySearch(Math.Clamp(offset, 0, Text.Length));
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    public int Offset(int line, int column) =>
        line < 1 || line > _lineStarts.Count ? 0 : Math.Min(Text.Length, _lineStarts[line - 1] + Math.Max(0, column - 1));

    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Count) return "";
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Count ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }
}

/// <summary>Where an expression or block sits: a span of one file.</summary>
public readonly record struct HclRange(HclSource? Source, int Start, int End)
{
    public static readonly HclRange None = new(null, 0, 0);

    public HclRange To(HclRange end) => new(Source, Start, end.End);

    public Config.SourcePosition Position
    {
        get
        {
            if (Source is null) return new Config.SourcePosition("", 0, 0);
            var (line, column) = Source.LineColumn(Start);
            return new Config.SourcePosition(Source.FileName, line, column);
        }
    }

    public override string ToString() => Position.ToString();
}
