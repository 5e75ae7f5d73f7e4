using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class CollectionFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["length"] = Fixed(1, a => HclValue.Of(a[0] switch
        {
            HclSequence s => s.Items.Count,
            HclMapping m => m.Attributes.Count,
            HclString s => new System.Globalization.StringInfo(s.Value).LengthInTextElements,
            _ => throw Args.Fail($"\"value\" must be a string, list, set, map or object, got {HclConvert.Describe(a[0])}"),
        }));
        f["element"] = Fixed(2, a =>
        {
            var items = a.Seq(0, "list");
            if (items.Count == 0) throw Args.Fail("cannot use element() on an empty list");
            var i = a.Int(1, "index");
            if (i < 0) throw Args.Fail("\"index\" must not be negative");
            return items[i % items.Count];
        });
        f["index"] = Fixed(2, a =>
        {
            var items = a.Seq(0, "list");
            for (var i = 0; i < items.Count; i++) if (HclValue.DeepEquals(items[i], a[1])) return HclValue.Of(i);
            throw Args.Fail("the given value is not in the list");
        });
        f["contains"] = Fixed(2, a => HclValue.Of(a.Seq(0, "list").Any(v => HclValue.DeepEquals(v, a[1]))));
        f["concat"] = Variadic(1, a => HclValue.Tuple(a.SelectMany((_, i) => a.Seq(i, "seqs"))));
        f["flatten"] = Fixed(1, a => HclValue.Tuple(Flatten(a.Seq(0, "list"))));
        f["distinct"] = Fixed(1, a => HclValue.List(a.Seq(0, "list").Aggregate(new List<HclValue>(), (acc, v) =>
        {
            if (!acc.Any(x => HclValue.DeepEquals(x, v))) acc.Add(v);
            return acc;
        })));
        f["compact"] = Fixed(1, a => HclValue.List(a.Seq(0, "list").Where(v => !v.IsNull && HclConvert.ToStr(v, "element") != "")));
        f["reverse"] = Fixed(1, a => HclValue.Tuple(a.Seq(0, "list").Reverse()));
        f["sort"] = Fixed(1, a => Args.Strs(a.Strings(0, "list").Order(StringComparer.Ordinal)));
        f["slice"] = Fixed(3, a =>
        {
            var items = a.Seq(0, "list");
            var (from, to) = (a.Int(1, "start_index"), a.Int(2, "end_index"));
            if (from < 0 || to > items.Count || from > to) throw Args.Fail($"slice({from}, {to}) is out of range for a list of {items.Count}");
            return HclValue.Tuple(items.Skip(from).Take(to - from));
        });
        f["chunklist"] = Fixed(2, a =>
        {
            var size = a.Int(1, "size");
            if (size < 0) throw Args.Fail("\"size\" must not be negative");
            var items = a.Seq(0, "list");
            return size == 0 ? HclValue.List([HclValue.List(items)]) : HclValue.List(items.Chunk(size).Select(HclValue.List));
        });
        f["range"] = new HclFunction(1, 3, Range);
        f["keys"] = Fixed(1, a => Args.Strs(a.Map(0, "inputMap").Keys));
        f["values"] = Fixed(1, a => HclValue.Tuple(a.Map(0, "mapping").Values));
        f["lookup"] = new HclFunction(2, 3, a => a.Map(0, "inputMap").TryGetValue(a.Str(1, "key"), out var v) ? v
            : a.Count == 3 ? a[2] : throw Args.Fail($"the map has no key \"{a.Str(1, "key")}\" and no default was given"));
        f["merge"] = Variadic(0, a => HclValue.Object(a.Where(v => !v.IsNull).SelectMany((_, i) => HclConvert.ToMapping(a.Where(v => !v.IsNull).ElementAt(i), "maps"))
            .GroupBy(p => p.Key).Select(g => g.Last())));
        f["zipmap"] = Fixed(2, a =>
        {
            var keys = a.Strings(0, "keys");
            var values = a.Seq(1, "values");
            if (keys.Count != values.Count) throw Args.Fail($"\"keys\" has {keys.Count} elements but \"values\" has {values.Count}");
            return HclValue.Object(keys.Zip(values).Select(p => KeyValuePair.Create(p.First, p.Second)));
        });
        f["coalesce"] = Variadic(1, a => a.FirstOrDefault(v => !v.IsNull && !(v is HclString { Value: "" })) ?? throw Args.Fail("no non-null, non-empty-string arguments"));
        f["coalescelist"] = Variadic(1, a => a.FirstOrDefault(v => v is HclSequence { Items.Count: > 0 }) ?? throw Args.Fail("no non-empty list arguments"));
        f["one"] = Fixed(1, a => a.Seq(0, "list") switch
        {
            [] => HclValue.Null,
            [var only] => only,
            var many => throw Args.Fail($"must be a list, set, or tuple value with either zero or one elements, got {many.Count}"),
        });
        f["alltrue"] = Fixed(1, a => HclValue.Of(a.Seq(0, "list").All(v => HclConvert.ToBool(v, "element"))));
        f["anytrue"] = Fixed(1, a => HclValue.Of(a.Seq(0, "list").Any(v => HclConvert.ToBool(v, "element"))));
    }

    private static IEnumerable<HclValue> Flatten(IEnumerable<HclValue> items)
    {
        foreach (var item in items)
        {
            if (item is HclSequence s) foreach (var inner in Flatten(s.Items)) yield return inner;
            else yield return item;
        }
    }

    private static HclValue Range(IReadOnlyList<HclValue> a)
    {
        decimal start = 0, step = 1, end;
        if (a.Count == 1) end = a.Num(0, "limit");
        else
        {
            start = a.Num(0, "start");
            end = a.Num(1, "limit");
            if (a.Count == 3) step = a.Num(2, "step");
            else if (end < start) step = -1;
        }
        if (step == 0) throw Args.Fail("\"step\" must not be zero");
        if ((step > 0 && end < start) || (step < 0 && end > start)) throw Args.Fail("the step goes away from the limit");
        var result = new List<HclValue>();
        for (var v = start; step > 0 ? v < end : v > end; v += step)
        {
            if (result.Count >= 1024) throw Args.Fail("more than 1024 values in range()");
            result.Add(HclValue.Of(v));
        }
        return HclValue.List(result);
    }
}
