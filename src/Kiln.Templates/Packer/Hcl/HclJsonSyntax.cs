using Kiln.Templates.Config;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>HCL's JSON syntax (`.pkr.json`): the JSON object is turned into the same body the native syntax gives,
/// with Packer's schema telling blocks from attributes (`source` → type → name → body; `provisioner` → type →
/// body, or a list of those to keep their order); strings are templates (`"${var.x}"`).</summary>
internal static class HclJsonSyntax
{
    /// <summary>Per block type: how many labels it has.</summary>
    private static readonly Dictionary<string, int> Labels = new()
    {
        ["variable"] = 1, ["local"] = 1, ["source"] = 2, ["data"] = 2, ["build"] = 0, ["locals"] = 0, ["variables"] = 0,
        ["packer"] = 0, ["required_plugins"] = 0, ["validation"] = 0, ["provisioner"] = 1, ["error-cleanup-provisioner"] = 1,
        ["post-processor"] = 1, ["post-processors"] = 0, ["ami_block_device_mappings"] = 0, ["launch_block_device_mappings"] = 0,
        ["source_ami_filter"] = 0, ["vpc_filter"] = 0, ["subnet_filter"] = 0, ["security_group_filter"] = 0, ["assume_role"] = 0,
        ["metadata_options"] = 0, ["aws_polling"] = 0, ["dynamic"] = 1, ["content"] = 0,
    };

    public static (HclSource, HclBody)? Read(HclReadState st, string file)
    {
        var text = HclTemplateFiles.Load(file, st.Rc.WorkingDirectory);
        st.Sources[text.FileName] = text;
        var node = JsonTree.Parse(System.Text.Encoding.UTF8.GetBytes(text.Text), file, st.Rc.Problems);
        if (node is not ConfigMap root)
        {
            if (node is not ConfigScalar { Kind: ScalarKind.Null }) st.Rc.Problems.At(node, $"an HCL JSON template must be a JSON object, got {node.KindName}");
            return null;
        }
        return (text, Body(st, text, root, inBuild: false, "root"));
    }

    private static HclBody Body(HclReadState st, HclSource src, ConfigMap map, bool inBuild, string owner)
    {
        var attributes = new List<HclAttribute>();
        var blocks = new List<HclBlock>();
        foreach (var entry in map.Entries)
        {
            var keyRange = Range(src, entry.KeyPosition);
            // "source" inside a build is a block with one label ("amazon-ebs.base"); at the root it has two.
            var labels = entry.Key == "source" && inBuild ? 1 : Labels.GetValueOrDefault(entry.Key, -1);
            if (entry.Key == "sources" || labels < 0 || (entry.Key == "type" && owner == "variable"))
            {
                var expr = entry.Key == "type" && owner == "variable" && entry.Value is ConfigScalar { Kind: ScalarKind.String, Value: { } t }
                    ? Parse(st, src, entry.Value, t) : Expr(st, src, entry.Value);
                if (expr is not null) attributes.Add(new HclAttribute(entry.Key, expr, keyRange, keyRange));
                continue;
            }
            foreach (var item in entry.Value is ConfigList list ? list.Items : [entry.Value])
                blocks.AddRange(Blocks(st, src, entry.Key, item, labels, [], [], keyRange));
        }
        return new HclBody(attributes, blocks, Range(src, map.Position));
    }

    private static IEnumerable<HclBlock> Blocks(HclReadState st, HclSource src, string type, ConfigNode node, int labels,
        List<string> given, List<HclRange> ranges, HclRange typeRange)
    {
        if (node is not ConfigMap map)
        {
            st.Rc.Problems.At(node, $"\"{type}\" must be a JSON object, got {node.KindName}");
            yield break;
        }
        if (given.Count == labels)
        {
            yield return new HclBlock(type, given, Body(st, src, map, inBuild: type == "build", type), typeRange, ranges);
            yield break;
        }
        foreach (var entry in map.Entries)
            foreach (var item in entry.Value is ConfigList list ? list.Items : [entry.Value])
                foreach (var b in Blocks(st, src, type, item, labels, [.. given, entry.Key], [.. ranges, Range(src, entry.KeyPosition)], typeRange))
                    yield return b;
    }

    private static HclExpr? Expr(HclReadState st, HclSource src, ConfigNode node)
    {
        var range = Range(src, node.Position);
        return node switch
        {
            ConfigScalar { Kind: ScalarKind.String, Value: { } s } when s.Contains("${") || s.Contains("%{") => Template(st, src, node, s),
            ConfigScalar { Kind: ScalarKind.String } s => new LiteralExpr(HclValue.Of(s.Value ?? ""), range),
            ConfigScalar n => new LiteralExpr(HclValues.FromNode(n), range),
            ConfigList l => new TupleExpr([.. l.Items.Select(i => Expr(st, src, i)).OfType<HclExpr>()], range),
            ConfigMap m => new ObjectExpr([.. m.Entries.Select(e => (e, v: Expr(st, src, e.Value))).Where(p => p.v is not null)
                .Select(p => new ObjectItem(new LiteralExpr(HclValue.Of(p.e.Key), Range(src, p.e.KeyPosition)), p.v!, false))], range),
            _ => null,
        };
    }

    private static HclExpr? Template(HclReadState st, HclSource src, ConfigNode node, string text)
    {
        try { return HclParser.ParseTemplate(new HclSource($"{node.Position} (in the string)", text)); }
        catch (HclException e) { st.Rc.Problems.At(node, e.Message); return null; }
    }

    private static HclExpr? Parse(HclReadState st, HclSource src, ConfigNode node, string text)
    {
        try { return HclParser.ParseExpression(new HclSource($"{node.Position} (in the string)", text)); }
        catch (HclException e) { st.Rc.Problems.At(node, e.Message); return null; }
    }

    private static HclRange Range(HclSource src, SourcePosition p)
    {
        var offset = src.Offset(p.Line, p.Column);
        return new HclRange(src, offset, offset + 1);
    }
}
