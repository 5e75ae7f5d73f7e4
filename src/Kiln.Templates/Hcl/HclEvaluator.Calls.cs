namespace Kiln.Templates.Hcl;

public static partial class HclEvaluator
{
    private static HclValue Call(CallExpr c, HclContext context)
    {
        // can() and try() look at whether their arguments fail, so they take them unevaluated.
        if (c.Name == "can") return Can(c, context);
        if (c.Name == "try") return Try(c, context);
        if (!context.Functions.TryGet(c.Name, out var function))
            throw new HclException(c.NameRange, context.Functions.Refusal(c.Name) ?? $"Call to unknown function: there is no function named \"{c.Name}\"");
        var args = new List<HclValue>();
        for (var i = 0; i < c.Args.Count; i++)
        {
            var value = Evaluate(c.Args[i], context);
            if (c.ExpandFinal && i == c.Args.Count - 1)
            {
                if (value is not HclSequence seq)
                    throw new HclException(c.Args[i].Range, $"Invalid expanding argument value: the argument before '...' must be a list, tuple or set, got {value.TypeName}");
                args.AddRange(seq.Items);
            }
            else args.Add(value);
        }
        if (args.Count < function.MinArgs || (function.MaxArgs >= 0 && args.Count > function.MaxArgs))
        {
            var want = function.MaxArgs < 0 ? $"at least {function.MinArgs}" : function.MinArgs == function.MaxArgs ? $"{function.MinArgs}" : $"{function.MinArgs} to {function.MaxArgs}";
            throw new HclException(c.Range, $"{(args.Count < function.MinArgs ? "Not enough" : "Too many")} function arguments: function \"{c.Name}\" takes {want} argument{(want == "1" ? "" : "s")}, got {args.Count}");
        }
        try { return function.Impl(args); }
        catch (InvalidOperationException e) { throw new HclException(c.Range, $"Error in function call: call to function \"{c.Name}\" failed: {e.Message}"); }
        catch (HclException e) when (e.Range.Source is null) { throw new HclException(c.Range, e.Message); }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException or OverflowException)
        {
            throw new HclException(c.Range, $"Error in function call: call to function \"{c.Name}\" failed: {e.Message}");
        }
    }

    private static HclValue Can(CallExpr c, HclContext context)
    {
        if (c.Args.Count != 1) throw new HclException(c.Range, $"Function \"can\" takes 1 argument, got {c.Args.Count}");
        try
        {
            Evaluate(c.Args[0], context);
            return HclValue.True;
        }
        catch (HclException) { return HclValue.False; }
    }

    private static HclValue Try(CallExpr c, HclContext context)
    {
        if (c.Args.Count == 0) throw new HclException(c.Range, "Function \"try\" takes at least 1 argument");
        var failures = new List<string>();
        foreach (var arg in c.Args)
        {
            try { return Evaluate(arg, context); }
            catch (HclException e) { failures.Add($"{e.Range}: {e.Message}"); }
        }
        throw new HclException(c.Range, "Error in function call: no expression in try() gave a value:\n  - " + string.Join("\n  - ", failures));
    }
}
