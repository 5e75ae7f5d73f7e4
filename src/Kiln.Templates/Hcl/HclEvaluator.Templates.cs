using System.Text;

namespace Kiln.Templates.Hcl;

public static partial class HclEvaluator
{
    private static string Template(IReadOnlyList<TemplatePart> parts, HclContext context, HclRange range)
    {
        var sb = new StringBuilder();
        Render(parts, context, sb);
        return sb.ToString();
    }

    private static void Render(IReadOnlyList<TemplatePart> parts, HclContext context, StringBuilder sb)
    {
        foreach (var part in parts)
        {
            switch (part)
            {
                case LiteralPart l:
                    sb.Append(l.Text);
                    break;
                case InterpolationPart i:
                    sb.Append(Interpolated(Evaluate(i.Expr, context), i.Expr));
                    break;
                case IfPart p:
                    bool cond;
                    try { cond = HclConvert.ToBool(Evaluate(p.Condition, context), "the %{if} condition"); }
                    catch (InvalidOperationException e) { throw new HclException(p.Condition.Range, $"Invalid 'if' directive: {e.Message}"); }
                    Render(cond ? p.Then : p.Else, context, sb);
                    break;
                case ForPart f:
                    foreach (var (key, value) in Iterate(Evaluate(f.Collection, context), f.Collection))
                        Render(f.Body, Bind(context, f.KeyVar, f.ValueVar, key, value), sb);
                    break;
            }
        }
    }

    private static string Interpolated(HclValue value, HclExpr at) => value switch
    {
        HclNull => throw new HclException(at.Range, "Invalid template interpolation value: the expression result is null; a string template needs a value"),
        HclSequence or HclMapping => throw new HclException(at.Range, $"Invalid template interpolation value: cannot include a {value.TypeName} in a string template: a string is required (use join() or jsonencode())"),
        _ => HclConvert.TryString(value)!,
    };
}
