using System.Text;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Metadata;

/// <summary>
/// The instance's metadata as files under /kiln-boot/instance/ (the local cloud's stand-in for the metadata server):
/// a startup script reads /kiln-boot/instance/image as it would `curl metadata.google.internal/computeMetadata/v1/
/// instance/image`; attributes/KEY holds each metadata item (startup-script among them).
/// </summary>
public static class InstanceMetadataFiles
{
    public const string Directory = "instance";

    public static Dictionary<string, byte[]> For(GceInstanceRecord i, string? image)
    {
        var files = new Dictionary<string, string?>
        {
            ["name"] = i.Name, ["hostname"] = $"{i.Name}.{i.Zone}.c.{i.Project}.internal", ["id"] = i.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["zone"] = $"projects/{i.Project}/zones/{i.Zone}", ["machine-type"] = $"projects/{i.Project}/machineTypes/{i.MachineType}",
            ["image"] = image, ["network-interfaces/0/ip"] = i.Address,
        };
        foreach (var item in i.Metadata.Items) files[$"attributes/{item.Key}"] = item.Value ?? "";
        return files.Where(f => f.Value is not null).ToDictionary(f => $"{Directory}/{f.Key}", f => Encoding.UTF8.GetBytes(f.Value!));
    }
}
