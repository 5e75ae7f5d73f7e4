using Kiln.Templates.Config;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>A block's body, evaluated, as the config object Packer's JSON would hold: attributes become options;
/// nested blocks become an object (blocks Packer allows once, such as source_ami_filter) or a list of objects
/// (ami_block_device_mappings and the like).</summary>
internal static class HclBodies
{
    private static readonly HashSet<string> Single =
    [
        "source_ami_filter", "vpc_filter", "subnet_filter", "security_group_filter", "assume_role", "metadata_options",
        "aws_polling", "launch_template", "spot_tag", "fleet_tag",
    ];

    public static ConfigMap ToMap(HclBody body, HclContext context, string path, HclReadState st,
        IReadOnlyCollection<string>? skip = null, IEnumerable<ConfigEntry>? first = null)
    {
        var entries = new List<ConfigEntry>(first ?? []);
        foreach (var a in body.Attributes)
        {
            if (skip?.Contains(a.Name) == true) continue;
            try
            {
                var value = HclEvaluator.Evaluate(a.Expr, context);
                entries.Add(new ConfigEntry(a.Name, a.NameRange.Position, HclValues.ToNode(value, ConfigMap.ChildPath(path, a.Name), a.Expr.Range.Position)));
            }
            catch (HclException e) { st.Report(e); }
        }
        var blocks = HclDynamicBlocks.Expand(body.Blocks.Where(b => skip?.Contains(b.Type) != true), context, st);
        foreach (var group in blocks.GroupBy(b => b.Block.Type))
        {
            var childPath = ConfigMap.ChildPath(path, group.Key);
            var at = group.First().Block.TypeRange.Position;
            if (group.Any(b => b.Block.Labels.Count > 0))
                st.Report(group.First(b => b.Block.Labels.Count > 0).Block.LabelRanges[0], $"Extraneous label for {group.Key}: this block takes no labels");
            if (entries.Any(e => e.Key == group.Key))
                st.Report(group.First().Block.TypeRange, $"Unsupported block type: \"{group.Key}\" is already set as an argument here; give it once");
            if (Single.Contains(group.Key))
            {
                if (group.Count() > 1) st.Report(group.Skip(1).First().Block.TypeRange, $"Duplicate {group.Key} block: only one is allowed");
                var (block, ctx) = group.First();
                entries.Add(new ConfigEntry(group.Key, at, ToMap(block.Body, ctx, childPath, st) with { Position = at }));
            }
            else
            {
                var items = group.Select((b, i) => (ConfigNode)(ToMap(b.Block.Body, b.Context, $"{childPath}[{i}]", st) with { Position = b.Block.TypeRange.Position })).ToList();
                entries.Add(new ConfigEntry(group.Key, at, new ConfigList(childPath, at, items)));
            }
        }
        return new ConfigMap(path, body.Range.Position, entries);
    }
}
