namespace Kiln.Templates.Hcl;

/// <summary>A type constraint as a `variable` block's `type` spells it: string, number, bool, any, list(T),
/// set(T), map(T), tuple([…]), object({…}) with optional(T, default) attributes.</summary>
public abstract record HclType
{
    public sealed record Primitive(string Name) : HclType
    {
        public override string ToString() => Name;
    }

    public sealed record Collection(string Kind, HclType Element) : HclType
    {
        public override string ToString() => $"{Kind}({Element})";
    }

    public sealed record TupleOf(IReadOnlyList<HclType> Elements) : HclType
    {
        public override string ToString() => $"tuple([{string.Join(", ", Elements)}])";
    }

    public sealed record Attribute(HclType Type, bool Optional, HclValue? Default);

    public sealed record ObjectOf(IReadOnlyDictionary<string, Attribute> Attributes) : HclType
    {
        public override string ToString() => "object({" + string.Join(", ", Attributes.Select(a => $"{a.Key}={(a.Value.Optional ? $"optional({a.Value.Type})" : a.Value.Type)}")) + "})";
    }

    public static readonly HclType Any = new Primitive("any");
    public static readonly HclType String = new Primitive("string");

    /// <summary>Reads a type expression; `optional(…)` only inside object({…}).</summary>
    public static HclType Parse(HclExpr expr, Func<HclExpr, HclValue> evaluate, bool inObject = false) => expr switch
    {
        VariableExpr { Name: "string" or "number" or "bool" or "any" } v => new Primitive(v.Name),
        CallExpr { Name: "list" or "set" or "map", Args.Count: 1 } c => new Collection(c.Name, Parse(c.Args[0], evaluate)),
        CallExpr { Name: "tuple", Args: [TupleExpr t] } => new TupleOf([.. t.Items.Select(i => Parse(i, evaluate))]),
        CallExpr { Name: "object", Args: [ObjectExpr o] } => new ObjectOf(o.Items.ToDictionary(
            i => i.Key is VariableExpr k ? k.Name : throw new HclException(i.Key.Range, "Invalid type specification: an object attribute name must be a plain name"),
            i => ParseAttribute(i.Value, evaluate))),
        CallExpr { Name: "list" or "set" or "map" } c => throw new HclException(c.Range, $"Invalid type specification: {c.Name}(…) takes one element type, such as {c.Name}(string)"),
        CallExpr { Name: "optional" } c when !inObject => throw new HclException(c.Range, "Invalid type specification: optional(…) is allowed only for an attribute of object({…})"),
        _ => throw new HclException(expr.Range, "Invalid type specification: expected string, number, bool, any, list(T), set(T), map(T), tuple([…]) or object({…})"),
    };

    private static Attribute ParseAttribute(HclExpr expr, Func<HclExpr, HclValue> evaluate)
    {
        if (expr is not CallExpr { Name: "optional" } c) return new Attribute(Parse(expr, evaluate, true), false, null);
        if (c.Args.Count is < 1 or > 2) throw new HclException(c.Range, "Invalid type specification: optional(TYPE) or optional(TYPE, DEFAULT)");
        var type = Parse(c.Args[0], evaluate, true);
        var def = c.Args.Count == 2 ? HclTypeConversion.Convert(evaluate(c.Args[1]), type) : null;
        return new Attribute(type, true, def);
    }
}
