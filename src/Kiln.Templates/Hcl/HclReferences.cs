namespace Kiln.Templates.Hcl;

/// <summary>The `root.name` references of an expression (`local.x`, `var.y`): what must be known before it can be
/// evaluated. Names bound by for expressions are not told apart; a reference that is not there is harmless.</summary>
public static class HclReferences
{
    public static IEnumerable<(string Root, string Name, HclRange Range)> Of(HclExpr expr)
    {
        var result = new List<(string, string, HclRange)>();
        Walk(expr, result);
        return result;
    }

    private static void Walk(HclExpr expr, List<(string, string, HclRange)> found)
    {
        switch (expr)
        {
            case GetAttrExpr { Source: VariableExpr root } g:
                found.Add((root.Name, g.Name, g.Range));
                break;
            case IndexExpr { Source: VariableExpr root, Key: LiteralExpr { Value: HclString key } } i:
                found.Add((root.Name, key.Value, i.Range));
                break;
            case VariableExpr v:
                found.Add((v.Name, "", v.Range));
                break;
        }
        foreach (var child in Children(expr)) Walk(child, found);
    }

    private static IEnumerable<HclExpr> Children(HclExpr expr) => expr switch
    {
        GetAttrExpr g => [g.Source],
        IndexExpr i => [i.Source, i.Key],
        SplatExpr s => [s.Source, s.Each],
        CallExpr c => c.Args,
        ConditionalExpr c => [c.Condition, c.True, c.False],
        BinaryExpr b => [b.Left, b.Right],
        UnaryExpr u => [u.Operand],
        TupleExpr t => t.Items,
        ObjectExpr o => o.Items.SelectMany(i => new[] { i.Key, i.Value }),
        ParenExpr p => [p.Inner],
        ForExpr f => new[] { f.Collection, f.KeyExpr, f.ValueExpr, f.Condition }.OfType<HclExpr>(),
        TemplateWrapExpr w => [w.Inner],
        TemplateExpr t => Parts(t.Parts),
        _ => [],
    };

    private static IEnumerable<HclExpr> Parts(IEnumerable<TemplatePart> parts) => parts.SelectMany(p => p switch
    {
        InterpolationPart i => [i.Expr],
        IfPart f => Parts(f.Then).Concat(Parts(f.Else)).Prepend(f.Condition),
        ForPart f => Parts(f.Body).Prepend(f.Collection),
        _ => Enumerable.Empty<HclExpr>(),
    });
}
