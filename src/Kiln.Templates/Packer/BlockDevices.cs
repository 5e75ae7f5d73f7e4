using Kiln.Core.Cloud;
using Kiln.Core.Naming;
using Kiln.Templates.Config;

namespace Kiln.Templates.Packer;

/// <summary>ami_block_device_mappings / launch_block_device_mappings → the image's one root volume. The image's
/// mapping wins when both are given (it is what the image records); more than one volume is not supported.</summary>
internal static class BlockDevices
{
    private static readonly HashSet<string> VolumeTypes = ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"];

    public static RootVolume? ReadRootVolume(OptionReader o, PackerReadContext rc)
    {
        var ami = Read(o, "ami_block_device_mappings");
        var launch = Read(o, "launch_block_device_mappings");
        return ami ?? launch;
    }

    private static RootVolume? Read(OptionReader o, string key)
    {
        if (o.List(key) is not { } list || list.Items.Count == 0) return null;
        if (list.Items.Count > 1)
            o.Problems.At(list.Items[1], $"{key} has {list.Items.Count} mappings: Kiln's images have one root volume; keep only the root device's mapping");
        if (list.Items[0] is not ConfigMap map)
        {
            o.Problems.At(list.Items[0], $"expected an object such as {{\"device_name\": \"/dev/xvda\", \"volume_size\": 50}}, got {list.Items[0].KindName}");
            return null;
        }
        var m = o.Nested(map, key);
        var defaults = new RootVolume();
        var device = m.String("device_name");
        if (device is null && !m.Has("device_name")) o.Problems.At(map, "device_name is required, such as \"/dev/xvda\"");
        var size = m.Int("volume_size", 1, 16384);
        var type = m.String("volume_type") ?? defaults.VolumeType;
        if (!VolumeTypes.Contains(type))
            o.Problems.At(m.Node("volume_type")!, $"'{NameRules.Printable(type)}' is not a volume type: use one of {string.Join(", ", VolumeTypes)}");
        m.Accept("delete_on_termination");
        foreach (var unsupported in new[] { "encrypted", "iops", "kms_key_id", "snapshot_id", "no_device", "virtual_name", "throughput" })
            m.Unsupported(unsupported, "Kiln sets only the root volume's device, size and type", AmazonEbsReader.IsUnset);
        m.ReportUnknown();
        return new RootVolume(device ?? defaults.DeviceName, size ?? defaults.SizeGb, type);
    }
}
