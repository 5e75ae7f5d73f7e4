using System.Globalization;

namespace Kiln.Templates.Hcl;

/// <summary>cty's safe conversions between primitives, which HCL applies wherever a type is wanted: "50" is a
/// number where one is wanted, 5 is "5" where a string is, "true" is a bool. A failed conversion says why.</summary>
public static class HclConvert
{
    public static string? TryString(HclValue v) => v switch
    {
        HclString s => s.Value,
        HclNumber n => HclValue.FormatNumber(n.Value),
        HclBool b => b.Value ? "true" : "false",
        _ => null,
    };

    public static string ToStr(HclValue v, string what = "value")
    {
        if (v.IsNull) throw new InvalidOperationException($"{what} is null: a string is required");
        return TryString(v) ?? throw new InvalidOperationException($"{what} must be a string, got {Describe(v)}");
    }

    public static decimal ToNumber(HclValue v, string what = "value")
    {
        switch (v)
        {
            case HclNumber n: return n.Value;
            case HclString s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                                  && s.Value.Trim() == s.Value && s.Value.Length > 0:
                return d;
            case HclString s: throw new InvalidOperationException($"{what} must be a number, got \"{Short(s.Value)}\" (a string that is not a number)");
            case HclNull: throw new InvalidOperationException($"{what} is null: a number is required");
            default: throw new InvalidOperationException($"{what} must be a number, got {Describe(v)}");
        }
    }

    public static bool ToBool(HclValue v, string what = "value") => v switch
    {
        HclBool b => b.Value,
        HclString { Value: "true" } => true,
        HclString { Value: "false" } => false,
        HclNull => throw new InvalidOperationException($"{what} is null: a bool is required"),
        _ => throw new InvalidOperationException($"{what} must be a bool (true or false), got {Describe(v)}"),
    };

    public static int ToInt(HclValue v, string what = "value")
    {
        var d = ToNumber(v, what);
        if (d != decimal.Truncate(d)) throw new InvalidOperationException($"{what} must be a whole number, got {HclValue.FormatNumber(d)}");
        if (d is > int.MaxValue or < int.MinValue) throw new InvalidOperationException($"{what} is out of range: {HclValue.FormatNumber(d)}");
        return (int)d;
    }

    public static IReadOnlyList<HclValue> ToSequence(HclValue v, string what = "value") => v switch
    {
        HclSequence s => s.Items,
        HclNull => throw new InvalidOperationException($"{what} is null: a list is required"),
        _ => throw new InvalidOperationException($"{what} must be a list, got {Describe(v)}"),
    };

    public static SortedDictionary<string, HclValue> ToMapping(HclValue v, string what = "value") => v switch
    {
        HclMapping m => m.Attributes,
        HclNull => throw new InvalidOperationException($"{what} is null: a map is required"),
        _ => throw new InvalidOperationException($"{what} must be a map or object, got {Describe(v)}"),
    };

    public static string Describe(HclValue v) => v switch
    {
        HclString s => $"the string \"{Short(s.Value)}\"",
        HclNumber n => $"the number {HclValue.FormatNumber(n.Value)}",
        HclBool b => b.Value ? "true" : "false",
        HclNull => "null",
        HclSequence s => $"a {s.TypeName} of {s.Items.Count} element{(s.Items.Count == 1 ? "" : "s")}",
        HclMapping m => $"an {(m.Kind == MappingKind.Map ? "map" : "object")} with {m.Attributes.Count} attribute{(m.Attributes.Count == 1 ? "" : "s")}",
        _ => v.TypeName,
    };

    private static string Short(string s) => s.Length > 40 ? s[..37] + "..." : s;
}
