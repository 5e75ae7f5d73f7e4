namespace Kiln.Templates.Hcl;

/// <summary>Converts a value to a type constraint as cty does for variables: primitives convert safely, a tuple
/// becomes a list or set of the element type, an object becomes a map or an object of the declared attributes
/// (optional ones take their default, undeclared ones are dropped).</summary>
public static class HclTypeConversion
{
    public static HclValue Convert(HclValue value, HclType type, string path = "")
    {
        if (value.IsNull) return value;
        switch (type)
        {
            case HclType.Primitive { Name: "any" }:
                return value;
            case HclType.Primitive { Name: "string" }:
                return HclValue.Of(HclConvert.TryString(value) ?? throw Fail(path, "string required", value));
            case HclType.Primitive { Name: "number" }:
                return HclValue.Of(Wrap(() => HclConvert.ToNumber(value), path));
            case HclType.Primitive { Name: "bool" }:
                return HclValue.Of(Wrap(() => HclConvert.ToBool(value), path));
            case HclType.Collection { Kind: "list" or "set" } c:
                if (value is not HclSequence seq) throw Fail(path, $"{c.Kind} of {c.Element} required", value);
                var items = seq.Items.Select((v, i) => Convert(v, c.Element, $"{path}[{i}]")).ToList();
                if (c.Kind == "set") items = Distinct(items);
                return new HclSequence(items, c.Kind == "set" ? SequenceKind.Set : SequenceKind.List);
            case HclType.Collection { Kind: "map" } m:
                if (value is not HclMapping map) throw Fail(path, $"map of {m.Element} required", value);
                return HclValue.Map(map.Attributes.Select(a => KeyValuePair.Create(a.Key, Convert(a.Value, m.Element, $"{path}[\"{a.Key}\"]"))));
            case HclType.TupleOf t:
                if (value is not HclSequence tuple) throw Fail(path, "tuple required", value);
                if (tuple.Items.Count != t.Elements.Count) throw Fail(path, $"tuple of {t.Elements.Count} elements required", value);
                return HclValue.Tuple(tuple.Items.Select((v, i) => Convert(v, t.Elements[i], $"{path}[{i}]")));
            case HclType.ObjectOf o:
                if (value is not HclMapping obj) throw Fail(path, "object required", value);
                var result = new List<KeyValuePair<string, HclValue>>();
                foreach (var (name, attribute) in o.Attributes)
                {
                    if (obj.Attributes.TryGetValue(name, out var given) && !(given.IsNull && attribute.Optional))
                        result.Add(KeyValuePair.Create(name, Convert(given, attribute.Type, $"{path}.{name}")));
                    else if (attribute.Optional) result.Add(KeyValuePair.Create(name, attribute.Default ?? HclValue.Null));
                    else throw new InvalidOperationException($"{Where(path)}attribute \"{name}\" is required");
                }
                return HclValue.Object(result);
            default:
                return value;
        }
    }

    private static List<HclValue> Distinct(List<HclValue> items)
    {
        var result = new List<HclValue>();
        foreach (var item in items)
            if (!result.Any(r => HclValue.DeepEquals(r, item))) result.Add(item);
        return result;
    }

    private static T Wrap<T>(Func<T> f, string path)
    {
        try { return f(); }
        catch (InvalidOperationException e) { throw new InvalidOperationException(Where(path) + e.Message); }
    }

    private static string Where(string path) => path.Length == 0 ? "" : $"{path.TrimStart('.')}: ";

    private static InvalidOperationException Fail(string path, string required, HclValue got) =>
        new($"{Where(path)}{required}, got {HclConvert.Describe(got)}");
}
