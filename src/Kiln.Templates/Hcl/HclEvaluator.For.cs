namespace Kiln.Templates.Hcl;

public static partial class HclEvaluator
{
    private static IEnumerable<(HclValue Key, HclValue Value)> Iterate(HclValue collection, HclExpr at)
    {
        switch (collection)
        {
            case HclSequence s:
                for (var i = 0; i < s.Items.Count; i++) yield return (HclValue.Of(i), s.Items[i]);
                break;
            case HclMapping m:
                foreach (var (k, v) in m.Attributes) yield return (HclValue.Of(k), v);
                break;
            case HclNull:
                throw new HclException(at.Range, "Iteration over null value: a null value cannot be used as the collection in a 'for'");
            default:
                throw new HclException(at.Range, $"Iteration over non-iterable value: a 'for' needs a list, tuple, set, map or object, got {collection.TypeName}");
        }
    }

    private static HclContext Bind(HclContext context, string? keyVar, string valueVar, HclValue key, HclValue value)
    {
        var names = new Dictionary<string, HclValue> { [valueVar] = value };
        if (keyVar is not null) names[keyVar] = key;
        return context.Child(names);
    }

    private static HclValue For(ForExpr f, HclContext context)
    {
        var collection = Evaluate(f.Collection, context);
        var items = new List<HclValue>();
        var pairs = new List<KeyValuePair<string, HclValue>>();
        var groups = new Dictionary<string, List<HclValue>>();
        var order = new List<string>();
        foreach (var (key, value) in Iterate(collection, f.Collection))
        {
            var scope = Bind(context, f.KeyVar, f.ValueVar, key, value);
            if (f.Condition is not null)
            {
                var keep = Evaluate(f.Condition, scope);
                try { if (!HclConvert.ToBool(keep, "the 'if' condition")) continue; }
                catch (InvalidOperationException e) { throw new HclException(f.Condition.Range, $"Invalid 'for' condition: {e.Message}"); }
            }
            if (f.KeyExpr is null)
            {
                items.Add(Evaluate(f.ValueExpr, scope));
                continue;
            }
            var k = HclConvert.TryString(Evaluate(f.KeyExpr, scope))
                    ?? throw new HclException(f.KeyExpr.Range, "Invalid object key: the key expression of a 'for' must give a string");
            var v = Evaluate(f.ValueExpr, scope);
            if (f.Grouping)
            {
                if (!groups.TryGetValue(k, out var list)) { groups[k] = list = []; order.Add(k); }
                list.Add(v);
            }
            else if (pairs.Any(p => p.Key == k))
                throw new HclException(f.KeyExpr.Range, $"Duplicate object key: two elements give the key \"{k}\"; add '...' after the value expression to group them by key");
            else pairs.Add(KeyValuePair.Create(k, v));
        }
        if (f.KeyExpr is null) return HclValue.Tuple(items);
        if (f.Grouping) return HclValue.Object(order.Select(k => KeyValuePair.Create(k, HclValue.Tuple(groups[k]))));
        return HclValue.Object(pairs);
    }
}
