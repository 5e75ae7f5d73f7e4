using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiln.Templates.Hcl.Functions;

/// <summary>yamldecode (plain booleans, nulls and numbers are typed, quoted scalars are strings) and yamlencode.</summary>
internal static class YamlCodec
{
    public static HclValue Decode(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw Args.Fail($"on line {e.Start.Line}, column {e.Start.Column}: {e.Message}"); }
        if (stream.Documents.Count == 0) return HclValue.Null;
        if (stream.Documents.Count > 1) throw Args.Fail("the YAML holds several documents; yamldecode reads one");
        return From(stream.Documents[0].RootNode);
    }

    private static HclValue From(YamlNode node) => node switch
    {
        YamlMappingNode m => HclValue.Object(m.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", From(p.Value)))),
        YamlSequenceNode s => HclValue.Tuple(s.Children.Select(From)),
        YamlScalarNode s => Scalar(s),
        _ => HclValue.Null,
    };

    private static HclValue Scalar(YamlScalarNode s)
    {
        var v = s.Value ?? "";
        if (s.Style != ScalarStyle.Plain) return HclValue.Of(v);
        if (v is "" or "~" or "null" or "Null" or "NULL") return HclValue.Null;
        // cty's YAML resolves booleans as YAML 1.1 does (Packer 1.6.6: `- y` is true).
        if (v is "true" or "True" or "TRUE" or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON") return HclValue.True;
        if (v is "false" or "False" or "FALSE" or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF") return HclValue.False;
        if (decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return HclValue.Of(d);
        return HclValue.Of(v);
    }

    public static string Encode(HclValue v)
    {
        var sb = new StringBuilder();
        Write(sb, v, 0, topLevel: true);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, HclValue v, int indent, bool topLevel = false)
    {
        var pad = new string(' ', indent);
        switch (v)
        {
            case HclMapping { Attributes.Count: > 0 } m:
                var first = true;
                foreach (var (k, item) in m.Attributes)
                {
                    if (!(first && !topLevel && sb.Length > 0 && sb[^1] == ' ')) sb.Append(pad);
                    first = false;
                    sb.Append(Quote(k)).Append(':');
                    Child(sb, item, indent);
                }
                break;
            case HclSequence { Items.Count: > 0 } s:
                foreach (var item in s.Items)
                {
                    sb.Append(pad).Append("- ");
                    if (item is HclMapping { Attributes.Count: > 0 } or HclSequence { Items.Count: > 0 }) { sb.Append('\n'); Write(sb, item, indent + 2); }
                    else sb.Append(ScalarText(item)).Append('\n');
                }
                break;
            default:
                sb.Append(ScalarText(v)).Append('\n');
                break;
        }
    }

    private static void Child(StringBuilder sb, HclValue item, int indent)
    {
        if (item is HclMapping { Attributes.Count: > 0 }) { sb.Append('\n'); Write(sb, item, indent + 2); }
        else if (item is HclSequence { Items.Count: > 0 }) { sb.Append('\n'); Write(sb, item, indent); }
        else sb.Append(' ').Append(ScalarText(item)).Append('\n');
    }

    private static string ScalarText(HclValue v) => v switch
    {
        HclNull => "null",
        HclBool b => b.Value ? "true" : "false",
        HclNumber n => HclValue.FormatNumber(n.Value),
        HclString s => Quote(s.Value),
        HclMapping => "{}",
        HclSequence => "[]",
        _ => "null",
    };

    private static string Quote(string s)
    {
        var plain = s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
                    && !decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    && s is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~");
        return plain ? s : "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
