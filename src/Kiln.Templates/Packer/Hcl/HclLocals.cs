using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`locals { … }` and `local "name" { expression = …, sensitive = … }`, from every file of the template.
/// Each is evaluated after the locals it refers to; a cycle is an error naming its members.</summary>
internal static class HclLocals
{
    private sealed record Local(string Name, HclExpr Expr, bool Sensitive, HclRange Range);

    public static void Resolve(HclReadState st)
    {
        var all = new Dictionary<string, Local>(StringComparer.Ordinal);
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("locals"))
            {
                foreach (var b in block.Body.Blocks) st.Report(b.TypeRange, $"Unexpected \"{b.Type}\" block: a locals block holds name = expression assignments");
                foreach (var a in block.Body.Attributes) Add(st, all, new Local(a.Name, a.Expr, false, a.NameRange));
            }
            foreach (var block in body.BlocksOf("local"))
            {
                if (block.Labels.Count != 1) { st.Report(block.TypeRange, "Missing name for local: write local \"NAME\" { expression = … }"); continue; }
                if (block.Body.Attribute("expression") is not { } expression)
                {
                    st.Report(block.TypeRange, $"Missing required argument: local \"{block.Labels[0]}\" needs expression = …");
                    continue;
                }
                foreach (var a in block.Body.Attributes.Where(a => a.Name is not ("expression" or "sensitive")))
                    st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not a local argument (expression, sensitive)");
                var sensitive = false;
                if (block.Body.Attribute("sensitive") is { } s)
                {
                    try { sensitive = HclConvert.ToBool(HclEvaluator.Evaluate(s.Expr, new HclContext())); }
                    catch (Exception e) when (e is HclException or InvalidOperationException) { st.Report(s.Expr.Range, $"Invalid value: sensitive must be true or false ({e.Message})"); }
                }
                Add(st, all, new Local(block.Labels[0], expression.Expr, sensitive, block.LabelRanges[0]));
            }
        }
        var state = new Dictionary<string, bool>(); // false: being evaluated, true: done
        foreach (var name in all.Keys) Evaluate(st, all, name, state, []);
    }

    private static void Add(HclReadState st, Dictionary<string, Local> all, Local local)
    {
        if (all.TryGetValue(local.Name, out var previous))
            st.Report(local.Range, $"Duplicate local: \"{local.Name}\" was already defined at {previous.Range}");
        else all[local.Name] = local;
    }

    private static void Evaluate(HclReadState st, Dictionary<string, Local> all, string name, Dictionary<string, bool> state, List<string> chain)
    {
        if (state.TryGetValue(name, out var done))
        {
            if (!done) st.Report(all[name].Range, $"Cycle in locals: {string.Join(" → ", chain.Append(name))}");
            return;
        }
        state[name] = false;
        var local = all[name];
        foreach (var (root, dep, _) in HclReferences.Of(local.Expr))
            if (root == "local" && all.ContainsKey(dep)) Evaluate(st, all, dep, state, [.. chain, name]);
        // A local whose own local failed is not reported again: the first problem is the one to fix.
        if (HclReferences.Of(local.Expr).Any(r => r.Root == "local" && all.ContainsKey(r.Name) && !st.Locals.ContainsKey(r.Name)))
        {
            state[name] = true;
            return;
        }
        try
        {
            var value = HclEvaluator.Evaluate(local.Expr, st.Context());
            st.Locals[name] = value;
            if (local.Sensitive) { st.SensitiveLocals.Add(name); st.Secret(value); }
        }
        catch (HclException e) { st.Report(e); }
        state[name] = true;
    }
}
