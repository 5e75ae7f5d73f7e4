using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>The template's `builders`: names (defaulting to the type, unique), types, and the -only/-except choice.</summary>
internal static class PackerBuilders
{
    public sealed record Builder(string Name, string Type, ConfigMap Map);

    private static readonly HashSet<string> OtherPackerTypes =
    [
        "amazon-chroot", "amazon-ebssurrogate", "amazon-ebsvolume", "amazon-instance", "azure-arm", "azure-chroot",
        "digitalocean", "docker", "file", "hyperv-iso", "hyperv-vmcx", "lxc", "lxd", "null",
        "openstack", "oracle-oci", "parallels-iso", "qemu", "virtualbox-iso", "virtualbox-ovf", "vmware-iso",
        "vmware-vmx", "vsphere-iso", "vsphere-clone",
    ];

    public static List<Builder> Read(ConfigMap root, PackerReadContext rc)
    {
        var result = new List<Builder>();
        var node = root.Find("builders")?.Value;
        if (node is not ConfigList list || list.Items.Count == 0)
        {
            rc.Problems.At(node ?? root, "a template needs at least one builder: add \"builders\": [{\"type\": \"amazon-ebs\", …}]");
            return result;
        }
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is not ConfigMap map)
            {
                rc.Problems.At(list.Items[i], $"builder {i + 1} must be an object, got {list.Items[i].KindName}");
                continue;
            }
            if (map.Find("type")?.Value is not ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } type } typeNode)
            {
                rc.Problems.At(map.Find("type")?.Value ?? map, $"builder {i + 1} is missing its 'type' (Kiln builds amazon-ebs and googlecompute)");
                continue;
            }
            var name = map.Find("name")?.Value is ConfigScalar { Kind: ScalarKind.String, Value: { Length: > 0 } n } ? n : type;
            if (result.Any(b => b.Name == name))
            {
                rc.Problems.At(map, $"builder {i + 1}: a builder named '{name}' already exists: give each a distinct \"name\"");
                continue;
            }
            if (type is not ("amazon-ebs" or "googlecompute"))
            {
                rc.Problems.At(typeNode, OtherPackerTypes.Contains(type)
                    ? $"builder type '{type}' is not supported by Kiln: Kiln builds amazon-ebs (on AWS or its local cloud) and googlecompute (on Compute Engine or its local cloud)"
                    : $"unknown builder type '{type}' (Kiln builds amazon-ebs and googlecompute)");
                continue;
            }
            result.Add(new Builder(name, type, map));
        }
        return result;
    }

    public static IReadOnlyList<Builder> Select(List<Builder> builders, PackerBuildFilter filter, PackerReadContext rc)
    {
        var names = builders.Select(b => b.Name).ToHashSet();
        foreach (var name in filter.Only.Concat(filter.Except).Where(n => !names.Contains(n)))
            rc.Problems.Add($"-only/-except names '{name}', which is not a builder of this template (builders: {string.Join(", ", names)})");
        if (filter.Only.Count > 0 && filter.Except.Count > 0)
            rc.Problems.Add("give -only or -except, not both");
        var selected = builders.Where(b => (filter.Only.Count == 0 || filter.Only.Contains(b.Name)) && !filter.Except.Contains(b.Name)).ToList();
        if (selected.Count == 0 && builders.Count > 0 && rc.Problems.Count == 0)
            rc.Problems.Add("-only/-except leave no builder to run");
        return selected;
    }
}
