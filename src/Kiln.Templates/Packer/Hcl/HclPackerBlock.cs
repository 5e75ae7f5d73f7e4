using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`packer { required_version = "…", required_plugins { … } }`: the version constraint is checked against
/// the Packer version Kiln follows; the amazon, googlecompute and ansible plugins are built in (their version
/// constraints are checked for form only), any other plugin is refused by name.</summary>
internal static class HclPackerBlock
{
    private static readonly HashSet<string> Plugins = ["amazon", "googlecompute", "ansible"];

    public static void Check(HclReadState st)
    {
        var context = new HclContext(null, st.Functions);
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("packer"))
            {
                foreach (var a in block.Body.Attributes)
                {
                    if (a.Name != "required_version") { st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not a packer block argument (required_version, required_plugins)"); continue; }
                    try
                    {
                        var constraint = HclConvert.ToStr(HclEvaluator.Evaluate(a.Expr, context), "required_version");
                        if (VersionConstraint.Check(constraint, HclReadState.PackerVersion) is { } problem) st.Report(a.Expr.Range, problem);
                    }
                    catch (HclException e) { st.Report(e); }
                    catch (InvalidOperationException e) { st.Report(a.Expr.Range, e.Message); }
                }
                foreach (var inner in block.Body.Blocks)
                {
                    if (inner.Type != "required_plugins") { st.Report(inner.TypeRange, $"Unsupported block type: \"{inner.Type}\" inside packer (required_plugins)"); continue; }
                    foreach (var plugin in inner.Body.Attributes) CheckPlugin(st, plugin, context);
                }
            }
        }
    }

    private static void CheckPlugin(HclReadState st, HclAttribute plugin, HclContext context)
    {
        if (!Plugins.Contains(plugin.Name))
        {
            st.Report(plugin.NameRange, $"plugin \"{plugin.Name}\" is not supported by Kiln: Kiln has the amazon, googlecompute and ansible plugins built in; remove \"{plugin.Name}\" and what uses it");
            return;
        }
        try
        {
            var value = HclEvaluator.Evaluate(plugin.Expr, context);
            if (value is not HclMapping m) { st.Report(plugin.Expr.Range, "Invalid plugin requirement: give { version = \">= 1.0.0\", source = \"github.com/hashicorp/NAME\" }"); return; }
            if (m.Attributes.TryGetValue("source", out var source) && HclConvert.TryString(source) is { } s && !s.EndsWith("/" + plugin.Name, StringComparison.Ordinal))
                st.Report(plugin.Expr.Range, $"plugin \"{plugin.Name}\" comes from \"{s}\", which is not the {plugin.Name} plugin Kiln has built in (github.com/hashicorp/{plugin.Name})");
            if (m.Attributes.TryGetValue("version", out var version) && HclConvert.TryString(version) is { } v && VersionConstraint.Check(v, "0.0.0", formOnly: true) is { } problem)
                st.Report(plugin.Expr.Range, problem);
        }
        catch (HclException e) { st.Report(e); }
    }
}

/// <summary>Go's hashicorp/go-version constraints: `>= 1.7.0, < 2`, `~> 1.2`, `!= 1.8.1`.</summary>
internal static class VersionConstraint
{
    public static string? Check(string constraint, string version, bool formOnly = false)
    {
        foreach (var part in constraint.Split(',', StringSplitOptions.TrimEntries))
        {
            var op = new[] { ">=", "<=", "!=", "~>", "=", ">", "<" }.FirstOrDefault(part.StartsWith) ?? "";
            var text = part[op.Length..].Trim().TrimStart('v');
            if (Parse(text) is not { } wanted) return $"\"{constraint}\" is not a version constraint such as \">= 1.7.0\"";
            if (formOnly) continue;
            var have = Parse(version)!;
            var cmp = Compare(have, wanted);
            var ok = op switch
            {
                ">=" => cmp >= 0, "<=" => cmp <= 0, "!=" => cmp != 0, ">" => cmp > 0, "<" => cmp < 0,
                "~>" => cmp >= 0 && Compare(have[..Math.Max(1, wanted.Length - 1)], wanted[..Math.Max(1, wanted.Length - 1)]) == 0,
                _ => cmp == 0,
            };
            if (!ok) return $"required_version \"{constraint}\" is not met: Kiln reads templates as Packer {version} does";
        }
        return null;
    }

    private static int[]? Parse(string text)
    {
        var parts = text.Split('-', '+')[0].Split('.');
        var result = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++) if (!int.TryParse(parts[i], out result[i])) return null;
        return parts.Length is >= 1 and <= 3 ? result : null;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var c = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }
}
