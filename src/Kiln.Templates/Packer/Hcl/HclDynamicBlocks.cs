using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`dynamic "TYPE" { for_each = …, iterator = NAME, labels = […], content { … } }` (HCL's dynblock
/// extension, which Packer enables): one TYPE block per element, whose content sees NAME.key and NAME.value.</summary>
internal static class HclDynamicBlocks
{
    public static List<(HclBlock Block, HclContext Context)> Expand(IEnumerable<HclBlock> blocks, HclContext context, HclReadState st)
    {
        var result = new List<(HclBlock, HclContext)>();
        foreach (var block in blocks)
        {
            if (block.Type != "dynamic") { result.Add((block, context)); continue; }
            try { result.AddRange(ExpandOne(block, context, st)); }
            catch (HclException e) { st.Report(e); }
        }
        return result;
    }

    private static IEnumerable<(HclBlock, HclContext)> ExpandOne(HclBlock block, HclContext context, HclReadState st)
    {
        if (block.Labels.Count != 1) throw new HclException(block.TypeRange, "Invalid dynamic block: write dynamic \"BLOCK_TYPE\" { for_each = …, content { … } }");
        var type = block.Labels[0];
        var forEach = block.Body.Attribute("for_each") ?? throw new HclException(block.TypeRange, $"Missing required argument: dynamic \"{type}\" needs for_each");
        var content = block.Body.BlocksOf("content").ToList();
        if (content.Count != 1) throw new HclException(block.TypeRange, $"Invalid dynamic block: dynamic \"{type}\" needs exactly one content block");
        var iterator = type;
        if (block.Body.Attribute("iterator") is { } it)
            iterator = it.Expr is VariableExpr v ? v.Name : throw new HclException(it.Expr.Range, "Invalid iterator: give a bare name, such as iterator = item");
        foreach (var a in block.Body.Attributes.Where(a => a.Name is not ("for_each" or "iterator" or "labels")))
            st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not a dynamic block argument (for_each, iterator, labels, content)");
        var collection = HclEvaluator.Evaluate(forEach.Expr, context);
        IEnumerable<(HclValue Key, HclValue Value)> items = collection switch
        {
            HclSequence s => s.Items.Select((v, i) => (s.Kind == SequenceKind.Set ? v : HclValue.Of(i), v)),
            HclMapping m => m.Attributes.Select(p => (HclValue.Of(p.Key), p.Value)),
            _ => throw new HclException(forEach.Expr.Range, $"Invalid dynamic for_each value: a list, set, map or object is required, got {collection.TypeName}"),
        };
        var labelsAttr = block.Body.Attribute("labels");
        foreach (var (key, value) in items)
        {
            var child = context.Child(new Dictionary<string, HclValue>
            {
                [iterator] = HclValue.Object([KeyValuePair.Create("key", key), KeyValuePair.Create("value", value)]),
            });
            var labels = new List<string>();
            if (labelsAttr is not null)
            {
                var given = HclEvaluator.Evaluate(labelsAttr.Expr, child);
                if (given is not HclSequence seq || seq.Items.Any(i => HclConvert.TryString(i) is null))
                    throw new HclException(labelsAttr.Expr.Range, "Invalid dynamic labels: a list of strings is required");
                labels.AddRange(seq.Items.Select(i => HclConvert.TryString(i)!));
            }
            yield return (new HclBlock(type, labels, content[0].Body, block.TypeRange, [.. labels.Select(_ => labelsAttr!.Expr.Range)]), child);
        }
    }
}
