using System.Globalization;

namespace Kiln.Templates.Hcl;

/// <summary>An HCL value (cty's value model, reduced to what templates use): string, number, bool, null, a sequence
/// (tuple, list or set) or a mapping (object or map). Numbers are decimals, so 0.1 + 0.2 is 0.3 as in HCL.</summary>
public abstract record HclValue
{
    public static readonly HclValue Null = new HclNull();
    public static readonly HclValue True = new HclBool(true);
    public static readonly HclValue False = new HclBool(false);

    /// <summary>The type's name as HCL's messages spell it.</summary>
    public abstract string TypeName { get; }

    public bool IsNull => this is HclNull;

    public static HclValue Of(string s) => new HclString(s);
    public static HclValue Of(decimal d) => new HclNumber(d);
    public static HclValue Of(bool b) => b ? True : False;
    public static HclValue Tuple(IEnumerable<HclValue> items) => new HclSequence([.. items], SequenceKind.Tuple);
    public static HclValue List(IEnumerable<HclValue> items) => new HclSequence([.. items], SequenceKind.List);
    public static HclValue Object(IEnumerable<KeyValuePair<string, HclValue>> attributes) => new HclMapping(Sorted(attributes), MappingKind.Object);
    public static HclValue Map(IEnumerable<KeyValuePair<string, HclValue>> attributes) => new HclMapping(Sorted(attributes), MappingKind.Map);

    private static SortedDictionary<string, HclValue> Sorted(IEnumerable<KeyValuePair<string, HclValue>> pairs)
    {
        var result = new SortedDictionary<string, HclValue>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs) result[k] = v;
        return result;
    }

    /// <summary>Structural equality, as HCL's `==` compares.</summary>
    public static bool DeepEquals(HclValue a, HclValue b) => (a, b) switch
    {
        (HclString x, HclString y) => x.Value == y.Value,
        (HclNumber x, HclNumber y) => x.Value == y.Value,
        (HclBool x, HclBool y) => x.Value == y.Value,
        (HclNull, HclNull) => true,
        (HclSequence x, HclSequence y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => DeepEquals(p.First, p.Second)),
        (HclMapping x, HclMapping y) => x.Attributes.Count == y.Attributes.Count
            && x.Attributes.All(p => y.Attributes.TryGetValue(p.Key, out var o) && DeepEquals(p.Value, o)),
        _ => false,
    };

    /// <summary>The value as JSON (jsonencode's form): what `kiln inspect` and the tests print.</summary>
    public sealed override string ToString() => Functions.EncodingFunctions.Json(this);

    public static string FormatNumber(decimal d)
    {
        var text = d.ToString("0.############################", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}

public sealed record HclString(string Value) : HclValue
{
    public override string TypeName => "string";
}

public sealed record HclNumber(decimal Value) : HclValue
{
    public override string TypeName => "number";
}

public sealed record HclBool(bool Value) : HclValue
{
    public override string TypeName => "bool";
}

public sealed record HclNull : HclValue
{
    public override string TypeName => "null";
}

public enum SequenceKind { Tuple, List, Set }

public sealed record HclSequence(IReadOnlyList<HclValue> Items, SequenceKind Kind) : HclValue
{
    public override string TypeName => Kind switch { SequenceKind.List => "list", SequenceKind.Set => "set", _ => "tuple" };
}

public enum MappingKind { Object, Map }

public sealed record HclMapping(SortedDictionary<string, HclValue> Attributes, MappingKind Kind) : HclValue
{
    public override string TypeName => Kind == MappingKind.Map ? "map" : "object";
}
