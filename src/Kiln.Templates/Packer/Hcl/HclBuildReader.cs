using Kiln.Core.Baking;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>One source of one build → a <see cref="BakeSpec"/>: the source block with the build's overrides, read
/// by the amazon-ebs reader, then the build's provisioners for that source, read by the provisioner readers.</summary>
internal static class HclBuildReader
{
    public sealed record Result(BakeSpec Spec, PackerManifestSpec? Manifest, IReadOnlyList<PostProcessors.PackerPostProcessor> PostProcessors);

    public static Result? Read(HclReadState st, HclBuild build, HclBuildSource source, Dictionary<string, HclData.AmazonAmi> amis)
    {
        var rc = st.Rc;
        var context = st.Context();
        var fullName = build.FullName(source);
        var body = Merge(source.Source.Body, source.Override?.Body);
        var at = source.Source.TypeRange.Position;
        var map = HclBodies.ToMap(body, context, $"source.{source.Type}.{source.SourceName}", st,
            first: [new ConfigEntry("type", at, new ConfigScalar("type", at, source.Type, ScalarKind.String))]);
        map = ApplyData(st, map, amis);
        var template = new TemplateContext
        {
            Now = rc.Now, TemplateDirectory = rc.TemplateDirectory, WorkingDirectory = rc.WorkingDirectory,
            // Packer names an HCL2 build by its source's name in {{build_name}}, PACKER_BUILD_NAME and
            // ansible's packer_build_name (`base`, where the build shows as `amazon-ebs.base`).
            BuildName = source.Name, BuildType = source.Type,
            // Packer hands HCL2 variables to the builders as user variables: `{{user `x`}}`, which hcl2_upgrade
            // leaves in place in some options, still works.
            User = name => st.Variables.TryGetValue(name, out var v) && HclConvert.TryString(v) is { } s ? s
                : throw new TemplateException($"{{{{user `{name}`}}}}: there is no string variable \"{name}\"; declare variable \"{name}\" {{ type = string }} or write ${{var.{name}}}"),
        };
        var spec = source.Type == "googlecompute" ? GoogleComputeReader.Read(map, fullName, template, rc)
            : AmazonEbsReader.Read(map, fullName, template, rc);
        var names = build.Sources.Select(s => s.ShortName).ToList();
        var provisioners = new List<ProvisionerSpec>();
        foreach (var (block, ctx) in build.Provisioners)
            if (Provisioner(st, block, ctx, build, source, names, template) is { } p) provisioners.Add(p);
        var cleanup = build.ErrorCleanup is { } c ? Provisioner(st, c.Block, c.Context, build, source, names, template) : null;
        var (manifest, postProcessors) = HclPostProcessors.Read(st, build, source, context, template);
        return spec is null ? null : new Result(spec with { Provisioners = provisioners, ErrorCleanupProvisioner = cleanup, BuildName = source.Name },
            manifest, postProcessors);
    }

    private static ProvisionerSpec? Provisioner(HclReadState st, HclBlock block, HclContext ctx, HclBuild build, HclBuildSource source,
        IReadOnlyCollection<string> names, TemplateContext template)
    {
        if (block.Labels.Count != 1) { st.Report(block.TypeRange, $"Missing label: write {block.Type} \"TYPE\" {{ … }}"); return null; }
        var type = block.Labels[0];
        var at = block.LabelRanges[0].Position;
        var map = HclBodies.ToMap(block.Body, HclPostProcessors.Scoped(ctx, source, build), $"{block.Type}.{type}", st,
            first: [new ConfigEntry("type", at, new ConfigScalar("type", at, type, ScalarKind.String))]);
        Refuse(st, map, "");
        return ProvisionerReader.Read(map, $"{block.Type} \"{type}\"", source.ShortName, names, template, st.Rc);
    }

    /// <summary>The build's `source "type.name" { … }` block: its arguments and blocks replace the source's own.</summary>
    private static HclBody Merge(HclBody baseBody, HclBody? over)
    {
        if (over is null) return baseBody;
        var attributes = baseBody.Attributes.Where(a => over.Attribute(a.Name) is null).Concat(over.Attributes.Where(a => a.Name != "name"));
        var overTypes = over.Blocks.Select(b => b.Type).ToHashSet();
        return baseBody with { Attributes = [.. attributes], Blocks = [.. baseBody.Blocks.Where(b => !overTypes.Contains(b.Type)), .. over.Blocks] };
    }

    /// <summary>`source_ami = data.amazon-ami.x.id` becomes that data source's filters, resolved by the bake.</summary>
    private static ConfigMap ApplyData(HclReadState st, ConfigMap map, Dictionary<string, HclData.AmazonAmi> amis)
    {
        if (map.Find("source_ami") is not { Value: ConfigScalar { Value: { } text } node } entry || !text.StartsWith(HclData.Marker, StringComparison.Ordinal))
        {
            Refuse(st, map, "");
            return map;
        }
        var ami = amis[text[HclData.Marker.Length..]];
        if (map.Find("source_ami_filter") is { } both)
            st.Rc.Problems.At(both.KeyPosition, both.Value.Path, "give source_ami = data.amazon-ami… or source_ami_filter, not both");
        var path = ConfigMap.ChildPath(map.Path, "source_ami_filter");
        var filter = new ConfigMap(path, node.Position,
        [
            new ConfigEntry("filters", node.Position, HclValues.ToNode(ami.Filters, $"{path}.filters", node.Position)),
            new ConfigEntry("owners", node.Position, HclValues.ToNode(ami.Owners, $"{path}.owners", node.Position)),
            new ConfigEntry("most_recent", node.Position, HclValues.ToNode(HclValue.Of(ami.MostRecent), $"{path}.most_recent", node.Position)),
        ]);
        var result = map with { Entries = [.. map.Entries.Where(e => e != entry), new ConfigEntry("source_ami_filter", entry.KeyPosition, filter)] };
        Refuse(st, result, "");
        return result;
    }

    /// <summary>data.amazon-ami's id anywhere but source_ami has no value before the bake: refused by name.</summary>
    private static void Refuse(HclReadState st, ConfigNode node, string _)
    {
        switch (node)
        {
            case ConfigScalar { Value: { } v } s when v.Contains(HclData.Marker, StringComparison.Ordinal):
                var name = v[(v.IndexOf(HclData.Marker, StringComparison.Ordinal) + HclData.Marker.Length)..];
                st.Rc.Problems.At(s, $"data.amazon-ami.{name.Split(' ', '/', '"')[0]}.id is used here, but Kiln resolves data \"amazon-ami\" only as a source's source_ami (the image is found when the bake starts)");
                break;
            case ConfigList l:
                foreach (var item in l.Items) Refuse(st, item, "");
                break;
            case ConfigMap m:
                foreach (var e in m.Entries) Refuse(st, e.Value, "");
                break;
        }
    }
}
