namespace Kiln.Templates.Hcl;

/// <summary>Evaluates native-syntax expressions to values, as hclsyntax does: every failure is an
/// <see cref="HclException"/> at the expression that failed.</summary>
public static partial class HclEvaluator
{
    public static HclValue Evaluate(HclExpr expr, HclContext context) => expr switch
    {
        LiteralExpr l => l.Value,
        VariableExpr v => Variable(v, context),
        GetAttrExpr g => GetAttr(Evaluate(g.Source, context), g.Name, g.Range),
        IndexExpr i => Index(Evaluate(i.Source, context), Evaluate(i.Key, context), i),
        SplatExpr s => Splat(s, context),
        SplatItemExpr item => context.TryLookup(SplatItemName, out var current) ? current
            : throw new HclException(item.Range, "splat item outside a splat"),
        CallExpr c => Call(c, context),
        ConditionalExpr c => Conditional(c, context),
        BinaryExpr b => Binary(b, context),
        UnaryExpr u => Unary(u, context),
        TupleExpr t => HclValue.Tuple(t.Items.Select(i => Evaluate(i, context))),
        ObjectExpr o => Object(o, context),
        ParenExpr p => Evaluate(p.Inner, context),
        ForExpr f => For(f, context),
        TemplateWrapExpr w => Evaluate(w.Inner, context),
        TemplateExpr t => HclValue.Of(Template(t.Parts, context, t.Range)),
        _ => throw new HclException(expr.Range, $"cannot evaluate {expr.GetType().Name}"),
    };

    private const string SplatItemName = "\u0000splat";

    private static HclValue Variable(VariableExpr v, HclContext context)
    {
        if (context.TryLookup(v.Name, out var value)) return value;
        throw new HclException(v.Range, context.MissingMessage(v.Name) ?? $"Unknown variable: there is no variable named \"{v.Name}\"");
    }

    public static HclValue GetAttr(HclValue source, string name, HclRange range) => source switch
    {
        HclMapping m when m.Attributes.TryGetValue(name, out var value) => value,
        HclMapping { Kind: MappingKind.Map } => throw new HclException(range, $"Missing map element: this map does not have an element with the key \"{name}\""),
        HclMapping => throw new HclException(range, $"Unsupported attribute: this object does not have an attribute named \"{name}\""),
        HclNull => throw new HclException(range, $"Attempt to get attribute from null value: this value is null, so it has no attribute \"{name}\""),
        HclSequence => throw new HclException(range, $"Unsupported attribute: can't access attribute \"{name}\" on a list; index one element ([0]) or use a splat ([*].{name})"),
        _ => throw new HclException(range, $"Unsupported attribute: can't access attributes on a primitive-typed value ({source.TypeName})"),
    };

    private static HclValue Index(HclValue source, HclValue key, IndexExpr at)
    {
        switch (source)
        {
            case HclNull:
                throw new HclException(at.Range, "Attempt to index null value: this value is null, so it has no elements");
            case HclSequence s:
                decimal n;
                try { n = HclConvert.ToNumber(key); }
                catch (InvalidOperationException) { throw new HclException(at.Key.Range, $"Invalid index: a {s.TypeName} is indexed by a number, got {HclConvert.Describe(key)}"); }
                if (n != decimal.Truncate(n) || n < 0 || n >= s.Items.Count)
                    throw new HclException(at.Key.Range, $"Invalid index: the index {HclValue.FormatNumber(n)} is out of range (the {s.TypeName} has {s.Items.Count} element{(s.Items.Count == 1 ? "" : "s")})");
                return s.Items[(int)n];
            case HclMapping m:
                var k = HclConvert.TryString(key) ?? throw new HclException(at.Key.Range, $"Invalid index: a {m.TypeName} is indexed by a string, got {HclConvert.Describe(key)}");
                return m.Attributes.TryGetValue(k, out var value) ? value
                    : throw new HclException(at.Key.Range, $"Invalid index: the given key \"{k}\" does not identify an element in this {m.TypeName}");
            default:
                throw new HclException(at.Range, $"Invalid index: this value ({source.TypeName}) does not have any indices");
        }
    }

    private static HclValue Splat(SplatExpr s, HclContext context)
    {
        var source = Evaluate(s.Source, context);
        var items = source switch
        {
            HclNull => [],
            HclSequence seq => seq.Items,
            _ => [source],
        };
        var results = new List<HclValue>();
        foreach (var item in items)
            results.Add(Evaluate(s.Each, context.Child(new Dictionary<string, HclValue> { [SplatItemName] = item })));
        return HclValue.Tuple(results);
    }

    private static HclValue Conditional(ConditionalExpr c, HclContext context)
    {
        var cond = Evaluate(c.Condition, context);
        bool which;
        try { which = HclConvert.ToBool(cond, "the condition"); }
        catch (InvalidOperationException e) { throw new HclException(c.Condition.Range, $"Incorrect condition type: {e.Message}"); }
        var chosen = Evaluate(which ? c.True : c.False, context);
        HclValue other;
        try { other = Evaluate(which ? c.False : c.True, context); }
        catch (HclException) { return chosen; }
        return Unify(chosen, other, c);
    }

    /// <summary>Both results of a conditional must share a type; a string and a number or bool meet as strings.</summary>
    private static HclValue Unify(HclValue chosen, HclValue other, ConditionalExpr c)
    {
        if (chosen.IsNull || other.IsNull || chosen.GetType() == other.GetType()) return chosen;
        if (chosen is HclString or HclNumber or HclBool && other is HclString or HclNumber or HclBool)
            return other is HclString ? HclValue.Of(HclConvert.TryString(chosen)!) : chosen;
        throw new HclException(c.Range, $"Inconsistent conditional result types: the true and false results must have the same type ({TypeOf(c, chosen, other)})");
    }

    private static string TypeOf(ConditionalExpr c, HclValue chosen, HclValue other) => $"{chosen.TypeName} and {other.TypeName}";

    private static HclValue Object(ObjectExpr o, HclContext context)
    {
        // As in hclsyntax, a key given twice takes its last value.
        var result = new List<KeyValuePair<string, HclValue>>();
        foreach (var item in o.Items)
        {
            var key = item.KeyIsBareName ? ((VariableExpr)item.Key).Name
                : HclConvert.TryString(Evaluate(item.Key, context)) ?? throw new HclException(item.Key.Range, "Incorrect key type: an object key must be a string");
            result.Add(KeyValuePair.Create(key, Evaluate(item.Value, context)));
        }
        return HclValue.Object(result);
    }
}
