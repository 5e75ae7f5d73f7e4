using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>An image as EC2 describes it: EBS-backed, HVM, x86_64, owned by the local account.</summary>
public static class ImageXml
{
    public static object?[] Item(ImageRecord i) =>
    [
        E("imageId", i.Id),
        E("imageLocation", $"{LocalAccount.Id}/{i.Name}"),
        E("imageState", i.State),
        E("imageOwnerId", LocalAccount.Id),
        E("creationDate", i.Created),
        E("isPublic", i.Shared.IsPublic),
        E("architecture", "x86_64"),
        E("imageType", "machine"),
        E("name", i.Name),
        ProductCodes(i.Shared.ProductCodes),
        Opt("description", i.Description),
        E("rootDeviceType", "ebs"),
        E("rootDeviceName", i.RootDeviceName),
        BlockDevices(i.BlockDevices),
        E("virtualizationType", "hvm"),
        Tags(i.Tags),
        E("hypervisor", "xen"),
        E("enaSupport", i.Ena),
        Opt("sriovNetSupport", i.SriovNetSupport),
        Opt("imdsSupport", i.ImdsSupport),
        E("platformDetails", "Linux/UNIX"),
        E("usageOperation", "RunInstances"),
        E("bootMode", "legacy-bios"),
    ];

    public static System.Xml.Linq.XElement BlockDevices(IEnumerable<BlockDevice> devices, string name = "blockDeviceMapping") =>
        Set(name, devices.Select(b => new object?[]
        {
            E("deviceName", b.DeviceName),
            E("ebs",
                Opt("snapshotId", b.SnapshotId),
                E("volumeSize", b.VolumeSize),
                E("deleteOnTermination", b.DeleteOnTermination),
                E("volumeType", b.VolumeType),
                E("encrypted", b.Encrypted),
                Opt("kmsKeyId", b.KmsKeyId)),
        }));

    public static System.Xml.Linq.XElement ProductCodes(IEnumerable<string> codes) =>
        Set("productCodes", codes.Select(c => new object?[] { E("productCode", c), E("type", "marketplace") }));

    /// <summary>Values for DescribeImages filters; null for a filter name EC2 does not have.</summary>
    public static IEnumerable<string?>? FilterValues(ImageRecord i, string filter) => filter switch
    {
        "name" => [i.Name],
        "image-id" => [i.Id],
        "state" => [i.State],
        "description" => [i.Description],
        "owner-id" => [LocalAccount.Id],
        "owner-alias" => [],
        "architecture" => ["x86_64"],
        "image-type" => ["machine"],
        "is-public" => [i.Shared.IsPublic ? "true" : "false"],
        "product-code" => i.Shared.ProductCodes,
        "product-code.type" => i.Shared.ProductCodes.Count > 0 ? ["marketplace"] : [],
        "block-device-mapping.encrypted" => i.BlockDevices.Select(b => b.Encrypted ? "true" : "false"),
        "root-device-type" => ["ebs"],
        "root-device-name" => [i.RootDeviceName],
        "virtualization-type" => ["hvm"],
        "hypervisor" => ["xen"],
        "platform" => [],
        "ena-support" => [i.Ena ? "true" : "false"],
        "sriov-net-support" => [i.SriovNetSupport],
        "imds-support" => [i.ImdsSupport],
        "creation-date" => [Time(i.Created)],
        "block-device-mapping.device-name" => i.BlockDevices.Select(b => b.DeviceName),
        "block-device-mapping.snapshot-id" => i.BlockDevices.Select(b => b.SnapshotId),
        "block-device-mapping.volume-size" => i.BlockDevices.Select(b => b.VolumeSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "block-device-mapping.volume-type" => i.BlockDevices.Select(b => b.VolumeType),
        "block-device-mapping.delete-on-termination" => i.BlockDevices.Select(b => b.DeleteOnTermination ? "true" : "false"),
        _ => null,
    };
}
