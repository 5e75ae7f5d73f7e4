using Kiln.Templates.Config;
using Kiln.Templates.Engine;
using Kiln.Templates.Hcl;
using Kiln.Templates.Packer.PostProcessors;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>Post-processors: `manifest` (Packer's manifest JSON, written after the build succeeds) and `shell-local`
/// (run here after the build, <see cref="ShellLocalPostProcessor"/>); every other type is refused by name.</summary>
internal static class HclPostProcessors
{
    /// <summary>The build's manifest (the last one, as before) and every post-processor in template order.</summary>
    public static (PackerManifestSpec? Manifest, IReadOnlyList<PackerPostProcessor> All) Read(HclReadState st, HclBuild build,
        HclBuildSource source, HclContext context, TemplateContext template)
    {
        PackerManifestSpec? manifest = null;
        var all = new List<PackerPostProcessor>();
        foreach (var group in build.PostProcessors)
        {
            foreach (var (block, ctx) in group)
            {
                var type = block.Labels.Count > 0 ? block.Labels[0] : "";
                if (type is not ("manifest" or "shell-local"))
                {
                    st.Report(block.Labels.Count > 0 ? block.LabelRanges[0] : block.TypeRange,
                        $"post-processor \"{type}\" is not supported by Kiln: Kiln runs the manifest and shell-local post-processors; the build's image is listed by `kiln images`");
                    continue;
                }
                var map = HclBodies.ToMap(block.Body, Scoped(ctx, source, build), $"post-processor.{type}", st);
                var o = st.Rc.Options(map, $"post-processor ({type})", template);
                if (!Applies(o, source)) continue;
                o.Accept("keep_input_artifact");
                var name = o.String("name") ?? "";
                if (type == "shell-local")
                {
                    if (ShellLocalProvisionerReader.Read(o, st.Rc) is { } local) all.Add(new ShellLocalPostProcessor(local) { Name = name });
                    o.ReportUnknown();
                    continue;
                }
                manifest = new PackerManifestSpec(
                    st.Rc.FullPath(o.String("output") is { Length: > 0 } output ? output : "packer-manifest.json"),
                    o.Bool("strip_path") ?? false, o.Bool("strip_time") ?? false,
                    o.StringMap("custom_data") ?? new Dictionary<string, string>(), source.Name, source.Type);
                all.Add(new ManifestPostProcessor(manifest.Output, manifest.StripPath, manifest.StripTime, manifest.CustomData) { Name = name });
                o.ReportUnknown();
            }
        }
        return (manifest, all);
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
