using System.Text;

namespace Kiln.Cli.Commands.Build;

/// <summary>Packer's `-machine-readable` lines: `timestamp,target,type,data…`, commas in data as
/// `%!(PACKER_COMMA)`, newlines as `\n`, so wrappers written for Packer parse Kiln's output unchanged.</summary>
public sealed class MachineReadableWriter(TextWriter inner, TimeProvider clock) : TextWriter
{
    private readonly StringBuilder _line = new();
    public override Encoding Encoding => inner.Encoding;

    public void Emit(string target, string type, params string[] data)
    {
        var fields = string.Join(',', data.Select(Escape));
        lock (inner) inner.WriteLine($"{clock.GetUtcNow().ToUnixTimeSeconds()},{target},{type}" + (fields.Length > 0 ? "," + fields : ""));
    }

    public static string Escape(string value) => value.Replace(",", "%!(PACKER_COMMA)").Replace("\r", "").Replace("\n", "\\n");

    public override void Write(char value)
    {
        if (value == '\n') { Emit("", "ui", "say", _line.ToString()); _line.Clear(); }
        else if (value != '\r') _line.Append(value);
    }

    public override void WriteLine(string? value)
    {
        var text = _line.Append(value).ToString().TrimEnd('\r');
        _line.Clear();
        Emit("", "ui", "say", text);
    }

    protected override void Dispose(bool disposing)
    {
        if (_line.Length > 0) { Emit("", "ui", "say", _line.ToString()); _line.Clear(); }
        base.Dispose(disposing);
    }
}

/// <summary>`-timestamp-ui`: each console line prefixed with its UTC time, as Packer does.</summary>
public sealed class TimestampWriter(TextWriter inner, TimeProvider clock) : TextWriter
{
    private readonly StringBuilder _line = new();
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n') { WriteLine(""); return; }
        if (value != '\r') _line.Append(value);
    }

    public override void WriteLine(string? value)
    {
        var text = _line.Append(value).ToString();
        _line.Clear();
        inner.WriteLine($"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}: {text}");
    }
}
