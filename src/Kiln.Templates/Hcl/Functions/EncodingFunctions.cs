using System.Globalization;
using System.Text;
using System.Text.Json;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class EncodingFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["base64encode"] = Fixed(1, a => HclValue.Of(Convert.ToBase64String(Encoding.UTF8.GetBytes(a.Str(0, "str")))));
        f["base64decode"] = Fixed(1, a =>
        {
            try { return HclValue.Of(new UTF8Encoding(false, true).GetString(Convert.FromBase64String(a.Str(0, "str")))); }
            catch (FormatException) { throw Args.Fail("failed to decode base64 data"); }
            catch (DecoderFallbackException) { throw Args.Fail("the decoded data is not valid UTF-8"); }
        });
        f["urlencode"] = Fixed(1, a => HclValue.Of(Uri.EscapeDataString(a.Str(0, "str")).Replace("%20", "+")));
        f["jsonencode"] = Fixed(1, a => HclValue.Of(Json(a[0])));
        f["jsondecode"] = Fixed(1, a =>
        {
            try
            {
                using var doc = JsonDocument.Parse(a.Str(0, "str"));
                return FromJson(doc.RootElement);
            }
            catch (JsonException e) { throw Args.Fail($"invalid JSON: {e.Message}"); }
        });
        f["csvdecode"] = Fixed(1, a => CsvDecode(a.Str(0, "str")));
        f["yamldecode"] = Fixed(1, a => YamlCodec.Decode(a.Str(0, "src")));
        f["yamlencode"] = Fixed(1, a => HclValue.Of(YamlCodec.Encode(a[0])));
    }

    public static HclValue FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => HclValue.Of(e.GetString()!),
        JsonValueKind.Number => HclValue.Of(decimal.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        JsonValueKind.True => HclValue.True,
        JsonValueKind.False => HclValue.False,
        JsonValueKind.Array => HclValue.Tuple(e.EnumerateArray().Select(FromJson)),
        JsonValueKind.Object => HclValue.Object(e.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))),
        _ => HclValue.Null,
    };

    /// <summary>JSON as Go's encoding/json writes it (keys sorted, `&lt;`, `&gt;`, `&amp;` escaped).</summary>
    public static string Json(HclValue v) => v switch
    {
        HclNull => "null",
        HclBool b => b.Value ? "true" : "false",
        HclNumber n => HclValue.FormatNumber(n.Value),
        HclString s => JsonString(s.Value),
        HclSequence s => "[" + string.Join(",", s.Items.Select(Json)) + "]",
        HclMapping m => "{" + string.Join(",", m.Attributes.Select(p => JsonString(p.Key) + ":" + Json(p.Value))) + "}",
        _ => "null",
    };

    public static string JsonString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029': sb.Append($"\\u{(int)c:x4}"); break;
                case < ' ': sb.Append($"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static HclValue CsvDecode(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear(); rows.Add(row); row = [];
            }
            else field.Append(c);
        }
        if (quoted) throw Args.Fail("unterminated quoted field in CSV");
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        if (rows.Count == 0) throw Args.Fail("missing header line");
        var header = rows[0];
        var result = new List<HclValue>();
        for (var r = 1; r < rows.Count; r++)
        {
            if (rows[r].Count != header.Count) throw Args.Fail($"line {r + 1}: wrong number of fields ({rows[r].Count}, the header has {header.Count})");
            result.Add(HclValue.Object(header.Zip(rows[r]).Select(p => KeyValuePair.Create(p.First, HclValue.Of(p.Second)))));
        }
        return HclValue.List(result);
    }
}
