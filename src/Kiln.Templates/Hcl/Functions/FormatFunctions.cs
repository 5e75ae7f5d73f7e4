using System.Globalization;
using System.Text;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

/// <summary>format and formatlist: Go's fmt verbs as HCL's stdlib accepts them (%s %d %f %e %g %t %v %#v %q %x %X
/// %o %b %%, flags - + 0 space #, width, .precision, explicit [n] argument indexes).</summary>
internal static class FormatFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["format"] = Variadic(1, a => HclValue.Of(Format(a.Str(0, "format"), a.Skip(1).ToList())));
        f["formatlist"] = Variadic(1, FormatList);
    }

    private static HclValue FormatList(IReadOnlyList<HclValue> a)
    {
        var format = a.Str(0, "format");
        var args = a.Skip(1).ToList();
        var length = -1;
        foreach (var arg in args.OfType<HclSequence>())
        {
            if (length >= 0 && arg.Items.Count != length) throw Args.Fail($"all list arguments must have the same length: got {length} and {arg.Items.Count}");
            length = arg.Items.Count;
        }
        if (length < 0) length = 1;
        return HclValue.List(Enumerable.Range(0, length).Select(i =>
            HclValue.Of(Format(format, args.Select(x => x is HclSequence s ? s.Items[i] : x).ToList()))));
    }

    public static string Format(string format, IReadOnlyList<HclValue> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) throw Args.Fail("format ends with an unfinished % verb");
            if (format[i] == '%') { sb.Append('%'); continue; }
            var flags = "";
            while (i < format.Length && "-+ 0#".Contains(format[i])) flags += format[i++];
            if (i < format.Length && format[i] == '[')
            {
                var close = format.IndexOf(']', i);
                if (close < 0 || !int.TryParse(format[(i + 1)..close], out var n) || n < 1) throw Args.Fail("invalid argument index in format");
                next = n - 1;
                i = close + 1;
            }
            var width = ReadInt(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.') { i++; precision = ReadInt(format, ref i) ?? 0; }
            if (i >= format.Length) throw Args.Fail("format ends with an unfinished % verb");
            var verb = format[i];
            if (next >= args.Count) throw Args.Fail($"not enough arguments for the format: %{verb} has no value (verb {next + 1})");
            var text = Verb(verb, flags, precision, args[next++]);
            sb.Append(Pad(text, width, flags));
        }
        if (next < args.Count) throw Args.Fail($"too many arguments for the format: {args.Count} given, {next} used");
        return sb.ToString();
    }

    private static int? ReadInt(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsDigit(s[i])) i++;
        return i > start ? int.Parse(s[start..i], CultureInfo.InvariantCulture) : null;
    }

    private static string Pad(string text, int? width, string flags)
    {
        if (width is not { } w || text.Length >= w) return text;
        if (flags.Contains('-')) return text.PadRight(w);
        if (flags.Contains('0'))
        {
            var sign = text.Length > 0 && text[0] is '-' or '+' ? text[0].ToString() : "";
            return sign + text[sign.Length..].PadLeft(w - sign.Length, '0');
        }
        return text.PadLeft(w);
    }

    private static string Verb(char verb, string flags, int? precision, HclValue v)
    {
        if (v.IsNull && verb != 'v') throw Args.Fail($"unsupported value for \"%{verb}\": null");
        switch (verb)
        {
            case 's':
                var s = HclConvert.TryString(v) ?? throw Args.Fail($"unsupported value for \"%s\": a {v.TypeName} is not a string");
                return precision is { } p && p < s.Length ? s[..p] : s;
            case 'q':
                return EncodingFunctions.JsonString(HclConvert.ToStr(v, "%q"));
            case 'v':
                if (flags.Contains('#')) return EncodingFunctions.Json(v);
                return v is HclSequence or HclMapping ? EncodingFunctions.Json(v) : v.IsNull ? "null" : HclConvert.TryString(v)!;
            case 't':
                return HclConvert.ToBool(v, "%t") ? "true" : "false";
            case 'd' or 'x' or 'X' or 'o' or 'b':
                var n = HclConvert.ToNumber(v, $"%{verb}");
                if (n != decimal.Truncate(n)) throw Args.Fail($"unsupported value for \"%{verb}\": {HclValue.FormatNumber(n)} is not a whole number");
                var sign = n < 0 ? "-" : flags.Contains('+') ? "+" : flags.Contains(' ') ? " " : "";
                var abs = (long)Math.Abs(n);
                var digits = verb switch { 'x' => abs.ToString("x", CultureInfo.InvariantCulture), 'X' => abs.ToString("X", CultureInfo.InvariantCulture), 'o' => Convert.ToString(abs, 8), 'b' => Convert.ToString(abs, 2), _ => abs.ToString(CultureInfo.InvariantCulture) };
                return sign + digits;
            case 'f' or 'F':
                var f = HclConvert.ToNumber(v, "%f");
                return (f >= 0 && flags.Contains('+') ? "+" : "") + f.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture);
            case 'e' or 'E' or 'g' or 'G':
                var d = (double)HclConvert.ToNumber(v, $"%{verb}");
                return verb is 'e' or 'E' ? d.ToString((verb == 'e' ? "e" : "E") + (precision ?? 6), CultureInfo.InvariantCulture).Replace("e+0", "e+").Replace("e-0", "e-")
                    : d.ToString(precision is { } gp ? "G" + gp : "R", CultureInfo.InvariantCulture);
            default:
                throw Args.Fail($"unsupported format verb %{verb}");
        }
    }
}
