using Kiln.Templates.Config;
using Kiln.Templates.Engine;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>Post-processors: `manifest` (Packer's manifest JSON, written after the build succeeds); every other
/// type is refused by name.</summary>
internal static class HclPostProcessors
{
    public static PackerManifestSpec? Read(HclReadState st, HclBuild build, HclBuildSource source, HclContext context, TemplateContext template)
    {
        PackerManifestSpec? manifest = null;
        foreach (var group in build.PostProcessors)
        {
            foreach (var (block, ctx) in group)
            {
                var type = block.Labels.Count > 0 ? block.Labels[0] : "";
                if (type != "manifest")
                {
                    st.Report(block.Labels.Count > 0 ? block.LabelRanges[0] : block.TypeRange,
                        $"post-processor \"{type}\" is not supported by Kiln: Kiln runs the manifest post-processor; the build's image is listed by `kiln images`");
                    continue;
                }
                var map = HclBodies.ToMap(block.Body, Scoped(ctx, source, build), $"post-processor.{type}", st);
                var o = st.Rc.Options(map, "post-processor (manifest)", template);
                if (!Applies(o, source)) { o.Accept("keep_input_artifact", "name", "output", "strip_path", "strip_time", "custom_data"); continue; }
                o.Accept("keep_input_artifact", "name");
                manifest = new PackerManifestSpec(
                    st.Rc.FullPath(o.String("output") is { Length: > 0 } output ? output : "packer-manifest.json"),
                    o.Bool("strip_path") ?? false, o.Bool("strip_time") ?? false,
                    o.StringMap("custom_data") ?? new Dictionary<string, string>(), source.Name, source.Type);
                o.ReportUnknown();
            }
        }
        return manifest;
    }

    private static bool Applies(OptionReader o, HclBuildSource source)
    {
        var only = o.StringList("only");
        var except = o.StringList("except");
        return (only is null || only.Contains(source.ShortName)) && (except is null || !except.Contains(source.ShortName));
    }

    /// <summary>source.name and source.type, which provisioners and post-processors of a build see.</summary>
    public static HclContext Scoped(HclContext context, HclBuildSource source, HclBuild build) => context.Child(new Dictionary<string, HclValue>
    {
        ["source"] = HclValue.Object([KeyValuePair.Create("name", HclValue.Of(source.Name)), KeyValuePair.Create("type", HclValue.Of(source.Type))]),
        ["build"] = BuildObject(build, source),
    });

    /// <summary>`build.name`, and the amazon build variables as the Go-template actions Kiln fills at tagging time.</summary>
    private static HclValue BuildObject(HclBuild build, HclBuildSource source)
    {
        var pairs = new List<KeyValuePair<string, HclValue>> { KeyValuePair.Create("name", HclValue.Of(build.Name ?? "")) };
        foreach (var v in new[] { "BuildRegion", "SourceAMI", "SourceAMIName", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName" })
            pairs.Add(KeyValuePair.Create(v, HclValue.Of($"{{{{ .{v} }}}}")));
        return HclValue.Object(pairs);
    }
}
