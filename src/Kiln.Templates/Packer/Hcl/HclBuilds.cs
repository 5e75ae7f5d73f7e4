using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>One source of one build: `sources = ["source.amazon-ebs.base"]`, or a `source "amazon-ebs.base" { name
/// = …, overrides }` block inside the build.</summary>
internal sealed record HclBuildSource(string Type, string SourceName, string Name, HclBlock Source, HclBlock? Override)
{
    /// <summary>`amazon-ebs.base`: what provisioners' only/except and override name.</summary>
    public string ShortName => $"{Type}.{Name}";
    public string Reference => $"{Type}.{SourceName}";
}

internal sealed record HclBuild(int Index, string? Name, string? Description, IReadOnlyList<HclBuildSource> Sources,
    IReadOnlyList<(HclBlock Block, HclContext Context)> Provisioners, (HclBlock Block, HclContext Context)? ErrorCleanup,
    IReadOnlyList<IReadOnlyList<(HclBlock Block, HclContext Context)>> PostProcessors)
{
    public string FullName(HclBuildSource s) => Name is null ? s.ShortName : $"{Name}.{s.ShortName}";
    public string Shown => Name ?? $"<unnamed build {Index}>";
}

internal static class HclBuilds
{
    private static readonly HashSet<string> BuildAttributes = ["name", "description", "sources"];
    private static readonly HashSet<string> BuildBlocks = ["source", "provisioner", "error-cleanup-provisioner", "post-processor", "post-processors", "dynamic", "hcp_packer_registry"];

    public static Dictionary<string, HclBlock> Sources(HclReadState st)
    {
        var sources = new Dictionary<string, HclBlock>(StringComparer.Ordinal);
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("source"))
            {
                if (block.Labels.Count != 2) { st.Report(block.TypeRange, "Missing labels: write source \"TYPE\" \"NAME\" { … }"); continue; }
                var type = block.Labels[0];
                if (type is not ("amazon-ebs" or "googlecompute"))
                {
                    st.Report(block.LabelRanges[0], $"source type \"{type}\" is not supported by Kiln: Kiln builds amazon-ebs (on AWS or its local cloud) and googlecompute (on Compute Engine or its local cloud)");
                    continue;
                }
                var key = $"{type}.{block.Labels[1]}";
                if (!sources.TryAdd(key, block)) st.Report(block.LabelRanges[1], $"Duplicate source: source \"{type}\" \"{block.Labels[1]}\" is defined twice");
            }
        }
        return sources;
    }

    public static List<HclBuild> Read(HclReadState st, Dictionary<string, HclBlock> sources)
    {
        var builds = new List<HclBuild>();
        var context = st.Context();
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("build"))
            {
                if (block.Labels.Count > 0) st.Report(block.LabelRanges[0], "Extraneous label for build: give the build's name as name = \"…\"");
                foreach (var a in block.Body.Attributes.Where(a => !BuildAttributes.Contains(a.Name)))
                    st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not a build argument (name, description, sources)");
                foreach (var b in block.Body.Blocks.Where(b => !BuildBlocks.Contains(b.Type)))
                    st.Report(b.TypeRange, $"Unsupported block type: \"{b.Type}\" inside a build (source, provisioner, error-cleanup-provisioner, post-processor, post-processors)");
                var name = String(st, block.Body.Attribute("name"), context);
                var description = String(st, block.Body.Attribute("description"), context);
                var list = new List<HclBuildSource>();
                if (block.Body.Attribute("sources") is { } attr) list.AddRange(SourceList(st, attr, sources));
                foreach (var inner in block.Body.BlocksOf("source"))
                    if (InnerSource(st, inner, sources, context) is { } s) list.Add(s);
                if (list.Count == 0) st.Report(block.TypeRange, "Missing sources: a build needs sources = [\"source.amazon-ebs.NAME\"] or a source block");
                foreach (var dup in list.GroupBy(s => s.ShortName).Where(g => g.Count() > 1))
                    st.Report(block.TypeRange, $"Duplicate build source: \"{dup.Key}\" appears twice in this build; give one a name = \"…\"");
                var expanded = HclDynamicBlocks.Expand(block.Body.Blocks.Where(b => b.Type is "provisioner" or "error-cleanup-provisioner" or "post-processor" or "dynamic"), context, st);
                var cleanup = expanded.Where(b => b.Block.Type == "error-cleanup-provisioner").ToList();
                if (cleanup.Count > 1) st.Report(cleanup[1].Block.TypeRange, "Duplicate error-cleanup-provisioner: only one is allowed in a build");
                var post = expanded.Where(b => b.Block.Type == "post-processor").Select(b => (IReadOnlyList<(HclBlock, HclContext)>)[b]).ToList();
                foreach (var group in block.Body.BlocksOf("post-processors"))
                    post.Add(HclDynamicBlocks.Expand(group.Body.Blocks, context, st));
                builds.Add(new HclBuild(builds.Count, name, description, list,
                    [.. expanded.Where(b => b.Block.Type == "provisioner")], cleanup.Count > 0 ? cleanup[0] : null, post));
            }
        }
        if (builds.Count == 0 && st.Rc.Problems.Count == 0)
            st.Rc.Problems.Add("the template has no build block: add build { sources = [\"source.amazon-ebs.NAME\"] }");
        return builds;
    }

    private static string? String(HclReadState st, HclAttribute? attribute, HclContext context)
    {
        if (attribute is null) return null;
        try { return HclConvert.ToStr(HclEvaluator.Evaluate(attribute.Expr, context), attribute.Name); }
        catch (HclException e) { st.Report(e); }
        catch (InvalidOperationException e) { st.Report(attribute.Expr.Range, $"Invalid value: {e.Message}"); }
        return null;
    }

    private static IEnumerable<HclBuildSource> SourceList(HclReadState st, HclAttribute attr, Dictionary<string, HclBlock> sources)
    {
        if (attr.Expr is not TupleExpr tuple)
        {
            st.Report(attr.Expr.Range, "Invalid sources: give a list such as [\"source.amazon-ebs.base\"]");
            yield break;
        }
        foreach (var item in tuple.Items)
        {
            var text = item switch
            {
                LiteralExpr { Value: HclString s } => s.Value,
                GetAttrExpr g => Traversal(g),
                _ => null,
            };
            if (text is null) { st.Report(item.Range, "Invalid source reference: give \"source.TYPE.NAME\""); continue; }
            if (Resolve(st, text, item.Range, sources) is { } found) yield return new HclBuildSource(found.Labels[0], found.Labels[1], found.Labels[1], found, null);
        }
    }

    private static string? Traversal(HclExpr e) => e switch
    {
        VariableExpr v => v.Name,
        GetAttrExpr g when Traversal(g.Source) is { } head => $"{head}.{g.Name}",
        _ => null,
    };

    private static HclBlock? Resolve(HclReadState st, string reference, HclRange at, Dictionary<string, HclBlock> sources)
    {
        var key = reference.StartsWith("source.", StringComparison.Ordinal) ? reference["source.".Length..] : reference;
        if (sources.TryGetValue(key, out var block)) return block;
        var near = Config.OptionReader.Nearest(key, sources.Keys);
        st.Report(at, $"Unknown source \"{reference}\": there is no source block \"{key.Replace(".", "\" \"")}\""
                      + (near is null ? (sources.Count == 0 ? "" : $" (sources: {string.Join(", ", sources.Keys)})") : $" (did you mean \"source.{near}\"?)"));
        return null;
    }

    private static HclBuildSource? InnerSource(HclReadState st, HclBlock inner, Dictionary<string, HclBlock> sources, HclContext context)
    {
        if (inner.Labels.Count != 1) { st.Report(inner.TypeRange, "Invalid source block in build: write source \"source.TYPE.NAME\" { … } with one label"); return null; }
        if (Resolve(st, inner.Labels[0], inner.LabelRanges[0], sources) is not { } found) return null;
        var name = String(st, inner.Body.Attribute("name"), context) ?? found.Labels[1];
        return new HclBuildSource(found.Labels[0], found.Labels[1], name, found, inner);
    }
}
