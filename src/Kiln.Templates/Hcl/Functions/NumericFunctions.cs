using System.Globalization;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class NumericFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["abs"] = Fixed(1, a => HclValue.Of(Math.Abs(a.Num(0, "num"))));
        f["ceil"] = Fixed(1, a => HclValue.Of(Math.Ceiling(a.Num(0, "num"))));
        f["floor"] = Fixed(1, a => HclValue.Of(Math.Floor(a.Num(0, "num"))));
        f["signum"] = Fixed(1, a => HclValue.Of(Math.Sign(a.Num(0, "num"))));
        f["log"] = Fixed(2, a => Double(Math.Log((double)a.Num(0, "num"), (double)a.Num(1, "base"))));
        f["pow"] = Fixed(2, a => Double(Math.Pow((double)a.Num(0, "num"), (double)a.Num(1, "power"))));
        f["max"] = Variadic(1, a => HclValue.Of(a.Select((_, i) => a.Num(i, "numbers")).Max()));
        f["min"] = Variadic(1, a => HclValue.Of(a.Select((_, i) => a.Num(i, "numbers")).Min()));
        f["sum"] = Fixed(1, a =>
        {
            var items = a.Seq(0, "list");
            if (items.Count == 0) throw Args.Fail("cannot sum an empty list");
            return HclValue.Of(items.Sum(v => HclConvert.ToNumber(v, "element")));
        });
        f["parseint"] = Fixed(2, ParseInt);
    }

    private static HclValue Double(double d) =>
        double.IsFinite(d) && Math.Abs(d) < 7.9e27 ? HclValue.Of(decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture))
        : throw Args.Fail("the result is out of range");

    private static HclValue ParseInt(IReadOnlyList<HclValue> a)
    {
        var text = a.Str(0, "number");
        var radix = a.Int(1, "base");
        if (radix is < 2 or > 62) throw Args.Fail($"base {radix} is out of range: use 2 to 62");
        var negative = text.StartsWith('-');
        var digits = negative || text.StartsWith('+') ? text[1..] : text;
        if (digits.Length == 0) throw Args.Fail($"cannot parse \"{text}\" as a base {radix} integer");
        decimal value = 0;
        foreach (var ch in digits)
        {
            var d = ch switch { >= '0' and <= '9' => ch - '0', >= 'a' and <= 'z' => ch - 'a' + 10, >= 'A' and <= 'Z' => radix <= 36 ? ch - 'A' + 10 : ch - 'A' + 36, _ => 99 };
            if (d >= radix) throw Args.Fail($"cannot parse \"{text}\" as a base {radix} integer");
            value = value * radix + d;
        }
        return HclValue.Of(negative ? -value : value);
    }
}
