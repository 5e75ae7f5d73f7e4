namespace Kiln.Templates.Hcl;

/// <summary>A parsed file or block body: attributes and nested blocks in source order.</summary>
public sealed record HclBody(IReadOnlyList<HclAttribute> Attributes, IReadOnlyList<HclBlock> Blocks, HclRange Range)
{
    public HclAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
    public IEnumerable<HclBlock> BlocksOf(string type) => Blocks.Where(b => b.Type == type);
}

public sealed record HclAttribute(string Name, HclExpr Expr, HclRange NameRange, HclRange Range);

public sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body, HclRange TypeRange, IReadOnlyList<HclRange> LabelRanges)
{
    public HclRange Range => TypeRange.To(Body.Range);
}

/// <summary>An expression of HCL's native syntax (hclsyntax/spec.md).</summary>
public abstract record HclExpr(HclRange Range);

public sealed record LiteralExpr(HclValue Value, HclRange Range) : HclExpr(Range);

/// <summary>`name`, then `.attr`, `[key]` and `.0` steps: `var.x`, `local.list[0]`.</summary>
public sealed record VariableExpr(string Name, HclRange Range) : HclExpr(Range);

public sealed record GetAttrExpr(HclExpr Source, string Name, HclRange Range) : HclExpr(Range);

public sealed record IndexExpr(HclExpr Source, HclExpr Key, HclRange Range) : HclExpr(Range);

/// <summary>`src.*.attr` (attribute-only) or `src[*].attr[0]` (full): <paramref name="Each"/> applies to each
/// element, reached through <see cref="SplatItemExpr"/>.</summary>
public sealed record SplatExpr(HclExpr Source, HclExpr Each, HclRange Range) : HclExpr(Range);

public sealed record SplatItemExpr(HclRange Range) : HclExpr(Range);

public sealed record CallExpr(string Name, IReadOnlyList<HclExpr> Args, bool ExpandFinal, HclRange NameRange, HclRange Range) : HclExpr(Range);

public sealed record ConditionalExpr(HclExpr Condition, HclExpr True, HclExpr False, HclRange Range) : HclExpr(Range);

public sealed record BinaryExpr(string Op, HclExpr Left, HclExpr Right, HclRange Range) : HclExpr(Range);

public sealed record UnaryExpr(string Op, HclExpr Operand, HclRange Range) : HclExpr(Range);

public sealed record TupleExpr(IReadOnlyList<HclExpr> Items, HclRange Range) : HclExpr(Range);

public sealed record ObjectItem(HclExpr Key, HclExpr Value, bool KeyIsBareName);

public sealed record ObjectExpr(IReadOnlyList<ObjectItem> Items, HclRange Range) : HclExpr(Range);

public sealed record ParenExpr(HclExpr Inner, HclRange Range) : HclExpr(Range);

/// <summary>`[for k, v in coll : expr if cond]` or `{for k, v in coll : key => value... if cond}`.</summary>
public sealed record ForExpr(string? KeyVar, string ValueVar, HclExpr Collection, HclExpr? KeyExpr, HclExpr ValueExpr,
    HclExpr? Condition, bool Grouping, HclRange Range) : HclExpr(Range);

/// <summary>A string template: literal parts, interpolations and directives.</summary>
public sealed record TemplateExpr(IReadOnlyList<TemplatePart> Parts, HclRange Range) : HclExpr(Range);

/// <summary>`"${expr}"` alone: the expression's own value, not converted to a string (as HCL does).</summary>
public sealed record TemplateWrapExpr(HclExpr Inner, HclRange Range) : HclExpr(Range);

public abstract record TemplatePart;

public sealed record LiteralPart(string Text) : TemplatePart;

public sealed record InterpolationPart(HclExpr Expr) : TemplatePart;

public sealed record IfPart(HclExpr Condition, IReadOnlyList<TemplatePart> Then, IReadOnlyList<TemplatePart> Else) : TemplatePart;

public sealed record ForPart(string? KeyVar, string ValueVar, HclExpr Collection, IReadOnlyList<TemplatePart> Body) : TemplatePart;
