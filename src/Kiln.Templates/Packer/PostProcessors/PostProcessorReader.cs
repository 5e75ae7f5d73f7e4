using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer.PostProcessors;

/// <summary>The template's `post-processors` for one build. An entry is a type name ("manifest"), an object with
/// a "type", or a list of those (Packer's sequence, where each gets the previous one's artifact; the manifest passes
/// its input on unchanged, so a sequence of them is the same as the list flattened).</summary>
internal static class PostProcessorReader
{
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["amazon-import"] = "Kiln builds the image in EC2 itself; there is nothing to import",
        ["artifice"] = "an amazon-ebs build's artifact is its images; there are no files to substitute",
        ["checksum"] = "an amazon-ebs build makes no files to checksum",
        ["compress"] = "an amazon-ebs build makes no files to compress",
        ["docker-import"] = "Kiln builds machine images, not containers",
        ["docker-push"] = "Kiln builds machine images, not containers",
        ["docker-save"] = "Kiln builds machine images, not containers",
        ["docker-tag"] = "Kiln builds machine images, not containers",
        ["googlecompute-export"] = "Kiln builds amazon-ebs images",
        ["googlecompute-import"] = "Kiln builds amazon-ebs images",
        ["vagrant"] = "a Vagrant box of an AMI is not available; `kiln images` lists the image",
        ["vagrant-cloud"] = "a Vagrant box of an AMI is not available",
        ["vsphere"] = "Kiln builds amazon-ebs images",
        ["vsphere-template"] = "Kiln builds amazon-ebs images",
        ["ucloud-import"] = "Kiln builds amazon-ebs images",
        ["yandex-export"] = "Kiln builds amazon-ebs images",
        ["yandex-import"] = "Kiln builds amazon-ebs images",
        ["digitalocean-import"] = "Kiln builds amazon-ebs images",
        ["alicloud-import"] = "Kiln builds amazon-ebs images",
        ["exoscale-import"] = "Kiln builds amazon-ebs images",
    };

    public static IReadOnlyList<PackerPostProcessor> Read(ConfigNode? node, string buildName, IReadOnlyCollection<string> builderNames,
        TemplateContext template, PackerReadContext rc)
    {
        var result = new List<PackerPostProcessor>();
        if (node is null) return result;
        if (node is not ConfigList list)
        {
            rc.Problems.At(node, $"'post-processors' must be a list, got {node.KindName}");
            return result;
        }
        for (var i = 0; i < list.Items.Count; i++)
        {
            var items = list.Items[i] is ConfigList sequence ? sequence.Items : [list.Items[i]];
            foreach (var item in items)
                if (ReadOne(item, $"post-processor {i + 1}", buildName, builderNames, template, rc) is { } pp)
                    result.Add(pp);
        }
        return result;
    }

    private static PackerPostProcessor? ReadOne(ConfigNode node, string label, string buildName, IReadOnlyCollection<string> builderNames,
        TemplateContext template, PackerReadContext rc)
    {
        // "manifest" alone is shorthand for {"type": "manifest"}.
        var map = node switch
        {
            ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } name } s =>
                new ConfigMap(s.Path, s.Position, [new ConfigEntry("type", s.Position, s)]),
            ConfigMap m => m,
            _ => null,
        };
        if (map is null)
        {
            rc.Problems.At(node, $"a post-processor must be a type name or an object with a \"type\", got {node.KindName}");
            return null;
        }
        if (map.Find("type")?.Value is not ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } type } typeNode)
        {
            rc.Problems.At(map.Find("type")?.Value ?? map, $"{label} is missing its 'type' (Kiln runs manifest and shell-local)");
            return null;
        }
        if (!ProvisionerReader.Applies(map, buildName, builderNames, rc)) return null;
        var context = template;
        var o = rc.Options(map, $"{label} ({type})", context);
        o.Accept("type", "only", "except");
        // The manifest and shell-local return their input artifact: keeping it is all they can do.
        o.Bool("keep_input_artifact");
        PackerPostProcessor? pp = type switch
        {
            "manifest" => ReadManifest(o, rc, template),
            "shell-local" => ShellLocalProvisionerReader.Read(o, rc) is { } local ? new ShellLocalPostProcessor(local) : null,
            _ when Refused.TryGetValue(type, out var why) => Refuse(typeNode, $"post-processor type '{type}' is not supported by Kiln: {why}", rc),
            _ => Refuse(typeNode, $"unknown post-processor type '{type}' (Kiln runs manifest and shell-local)", rc),
        };
        if (pp is null) return null;
        pp = pp with { Name = o.String("name") ?? "" };
        o.ReportUnknown();
        return pp;
    }

    private static ManifestPostProcessor ReadManifest(OptionReader o, PackerReadContext rc, TemplateContext template)
    {
        var output = o.String("output");
        // custom_data may name the build's variables ({{ .SourceAMI }}), known only once the build is done.
        var deferred = rc.Options(o.Map, o.Owner, template with { DeferBuildVariables = true });
        o.Accept("custom_data");
        return new ManifestPostProcessor(string.IsNullOrEmpty(output) ? "packer-manifest.json" : output,
            o.Bool("strip_path") ?? false, o.Bool("strip_time") ?? false, deferred.StringMap("custom_data"));
    }

    private static PackerPostProcessor? Refuse(ConfigNode at, string message, PackerReadContext rc)
    {
        rc.Problems.At(at, message);
        return null;
    }
}
