using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

/// <summary>`LaunchTemplateData.*` → <see cref="LaunchTemplateData"/>; a source version's values fill what is not given.</summary>
public static class LaunchTemplateDataParser
{
    public static LaunchTemplateData Parse(QueryParams d, LaunchTemplateData? source = null)
    {
        var groups = d.List("SecurityGroupId").Concat(d.Structs("NetworkInterface").SelectMany(n => n.List("SecurityGroupId"))).ToList();
        foreach (var g in groups) Requests.CheckId(g, "sg", "InvalidGroupId.Malformed");
        var image = d.Get("ImageId");
        if (image is not null) Requests.CheckId(image, "ami", "InvalidAMIID.Malformed");
        var devices = Requests.BlockDevices(d).Where(b => !b.NoDevice)
            .Select(b => new BlockDevice(b.DeviceName, b.SnapshotId, b.VolumeSize ?? 8, b.VolumeType ?? "gp2", b.DeleteOnTermination ?? true))
            .ToList();
        var tags = Requests.TagSpecifications(d);
        return new LaunchTemplateData(
            image ?? source?.ImageId,
            d.Get("InstanceType") ?? source?.InstanceType,
            d.Get("KeyName") ?? source?.KeyName,
            groups.Count > 0 ? groups : source?.SecurityGroupIds ?? [],
            d.Get("UserData") ?? source?.UserData,
            devices.Count > 0 ? devices : source?.BlockDevices ?? [],
            tags.Count > 0 ? tags : source?.TagSpecifications ?? []);
    }
}
