namespace Kiln.Templates.Hcl;

public static partial class HclEvaluator
{
    private static HclValue Binary(BinaryExpr b, HclContext context)
    {
        if (b.Op is "&&" or "||")
        {
            var l = Bool(Evaluate(b.Left, context), b.Left, "left");
            var r = Bool(Evaluate(b.Right, context), b.Right, "right");
            return HclValue.Of(b.Op == "&&" ? l && r : l || r);
        }
        var left = Evaluate(b.Left, context);
        var right = Evaluate(b.Right, context);
        switch (b.Op)
        {
            case "==": return HclValue.Of(HclValue.DeepEquals(left, right));
            case "!=": return HclValue.Of(!HclValue.DeepEquals(left, right));
        }
        var x = Number(left, b.Left, "left");
        var y = Number(right, b.Right, "right");
        try
        {
            return b.Op switch
            {
                "+" => HclValue.Of(x + y),
                "-" => HclValue.Of(x - y),
                "*" => HclValue.Of(x * y),
                "/" => y == 0 ? throw new HclException(b.Range, "Operation failed: can't divide by zero") : HclValue.Of(x / y),
                "%" => y == 0 ? throw new HclException(b.Range, "Operation failed: can't compute a modulo by zero") : HclValue.Of(x % y),
                "<" => HclValue.Of(x < y),
                "<=" => HclValue.Of(x <= y),
                ">" => HclValue.Of(x > y),
                ">=" => HclValue.Of(x >= y),
                _ => throw new HclException(b.Range, $"unknown operator {b.Op}"),
            };
        }
        catch (OverflowException)
        {
            throw new HclException(b.Range, "Operation failed: the result is out of range");
        }
    }

    private static HclValue Unary(UnaryExpr u, HclContext context)
    {
        var value = Evaluate(u.Operand, context);
        return u.Op == "!" ? HclValue.Of(!Bool(value, u.Operand, "")) : HclValue.Of(-Number(value, u.Operand, ""));
    }

    private static decimal Number(HclValue v, HclExpr at, string side)
    {
        try { return HclConvert.ToNumber(v); }
        catch (InvalidOperationException e) { throw new HclException(at.Range, $"Invalid operand: unsuitable value for {(side.Length > 0 ? side + " " : "")}operand: a number is required ({e.Message})"); }
    }

    private static bool Bool(HclValue v, HclExpr at, string side)
    {
        try { return HclConvert.ToBool(v); }
        catch (InvalidOperationException e) { throw new HclException(at.Range, $"Invalid operand: unsuitable value for {(side.Length > 0 ? side + " " : "")}operand: a bool is required ({e.Message})"); }
    }
}
