using Kiln.Core.Baking;
using Kiln.Templates.Config;
using Kiln.Templates.Engine;

namespace Kiln.Templates.Packer;

/// <summary>One entry of `provisioners` (or the error-cleanup-provisioner) for one build: applies only/except and
/// the build's `override`, reads the common options, and hands the rest to the reader of its type.</summary>
internal static class ProvisionerReader
{
    private static readonly HashSet<string> OtherPackerTypes =
    [
        "breakpoint", "chef-client", "chef-solo", "converge", "inspec", "powershell",
        "puppet-masterless", "puppet-server", "salt-masterless", "windows-restart", "windows-shell",
    ];

    public static ProvisionerSpec? Read(ConfigNode node, string label, string buildName, IReadOnlyCollection<string> builderNames,
        TemplateContext template, PackerReadContext rc)
    {
        if (node is not ConfigMap map)
        {
            rc.Problems.At(node, $"a provisioner must be an object with a \"type\", got {node.KindName}");
            return null;
        }
        var type = map.Find("type")?.Value;
        if (type is not ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } typeName })
        {
            rc.Problems.At(type ?? map, $"{label} is missing its 'type' (ansible, ansible-local, shell, shell-local or file)");
            return null;
        }
        if (!Applies(map, buildName, builderNames, rc)) return null;
        var effective = WithOverride(map, buildName, builderNames, rc);
        var o = rc.Options(effective, $"{label} ({typeName})", template);
        o.Accept("type", "only", "except", "override");
        ProvisionerSpec? spec = typeName switch
        {
            "ansible" => AnsibleProvisionerReader.Read(o, rc),
            "shell" => ShellProvisionerReader.Read(o, rc),
            "file" => FileProvisionerReader.Read(o, rc),
            "shell-local" => ShellLocalProvisionerReader.Read(o, rc),
            "ansible-local" => AnsibleLocalProvisionerReader.Read(o, rc),
            _ when OtherPackerTypes.Contains(typeName) => Refuse(type, $"provisioner type '{typeName}' is not supported by Kiln: use ansible, ansible-local, shell, shell-local or file", rc),
            _ => Refuse(type, $"unknown provisioner type '{typeName}' (Kiln runs ansible, ansible-local, shell, shell-local and file)", rc),
        };
        if (spec is null) return null;
        spec = spec with
        {
            Name = o.String("name") ?? "",
            PauseBefore = o.Duration("pause_before"),
            MaxRetries = o.Int("max_retries", 0, 100) ?? 0,
            Timeout = o.Duration("timeout"),
        };
        o.ReportUnknown();
        return spec;
    }

    private static ProvisionerSpec? Refuse(ConfigNode at, string message, PackerReadContext rc)
    {
        rc.Problems.At(at, message);
        return null;
    }

    /// <summary>`only` and `except` name builders; a name that matches none is a mistake worth reporting.</summary>
    internal static bool Applies(ConfigMap map, string buildName, IReadOnlyCollection<string> builderNames, PackerReadContext rc)
    {
        var applies = true;
        foreach (var key in new[] { "only", "except" })
        {
            if (map.Find(key)?.Value is not { } node) continue;
            if (node is not ConfigList list || list.Items.Any(i => i is not ConfigScalar { Kind: ScalarKind.String }))
            {
                rc.Problems.At(node, $"expected a list of builder names, got {node.KindName}");
                continue;
            }
            var names = list.Items.Cast<ConfigScalar>().Select(s => s.Value!).ToList();
            foreach (var (name, item) in names.Zip(list.Items))
                if (!builderNames.Contains(name))
                    rc.Problems.At(item, $"'{name}' is not the name of a builder (builders: {string.Join(", ", builderNames)})");
            if (key == "only" && !names.Contains(buildName)) applies = false;
            if (key == "except" && names.Contains(buildName)) applies = false;
        }
        return applies;
    }

    /// <summary>`"override": {"BUILD": {...}}`: that build's options replace the provisioner's own.</summary>
    private static ConfigMap WithOverride(ConfigMap map, string buildName, IReadOnlyCollection<string> builderNames, PackerReadContext rc)
    {
        if (map.Find("override")?.Value is not { } node) return map;
        if (node is not ConfigMap overrides)
        {
            rc.Problems.At(node, $"'override' must be an object of builder name: options, got {node.KindName}");
            return map;
        }
        foreach (var entry in overrides.Entries)
            if (!builderNames.Contains(entry.Key))
                rc.Problems.At(entry.KeyPosition, entry.Value.Path, $"'{entry.Key}' is not the name of a builder (builders: {string.Join(", ", builderNames)})");
        if (overrides.Find(buildName)?.Value is not { } own) return map;
        if (own is not ConfigMap ownMap)
        {
            rc.Problems.At(own, $"expected an object of options, got {own.KindName}");
            return map;
        }
        return map with { Entries = [.. map.Entries, .. ownMap.Entries] };
    }
}
