using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

internal static class SetFunctions
{
    public static void Register(Dictionary<string, HclFunction> f)
    {
        f["toset"] = Fixed(1, a => Set(a.Seq(0, "v")));
        f["setunion"] = Variadic(1, a => Set(a.SelectMany((_, i) => a.Seq(i, "sets"))));
        f["setintersection"] = Variadic(1, a => Set(a.Seq(0, "sets").Where(v => a.Skip(1).All(s => HclConvert.ToSequence(s).Any(x => HclValue.DeepEquals(x, v))))));
        f["setsubtract"] = Fixed(2, a => Set(a.Seq(0, "a").Where(v => !a.Seq(1, "b").Any(x => HclValue.DeepEquals(x, v)))));
        f["setproduct"] = Variadic(1, a =>
        {
            IEnumerable<IEnumerable<HclValue>> product = [[]];
            for (var i = 0; i < a.Count; i++)
            {
                var items = a.Seq(i, "sets");
                product = product.SelectMany(p => items.Select(x => p.Append(x)));
            }
            return HclValue.List(product.Select(HclValue.Tuple));
        });
    }

    /// <summary>A set's elements, each once, in cty's order for strings (lexical) and first-seen order otherwise.</summary>
    public static HclValue Set(IEnumerable<HclValue> items)
    {
        var result = new List<HclValue>();
        foreach (var item in items)
            if (!result.Any(r => HclValue.DeepEquals(r, item))) result.Add(item);
        if (result.All(r => r is HclString)) result = [.. result.OrderBy(r => ((HclString)r).Value, StringComparer.Ordinal)];
        return new HclSequence(result, SequenceKind.Set);
    }
}
