using System.Globalization;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Volumes;

/// <summary>DescribeVolumes: the volumes of instances that are not terminated, all in use by their instance (a
/// volume goes with its container; Packer's volume cleanup then finds nothing left to delete).</summary>
public static class DescribeVolumes
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = Requests.Ids(p, "VolumeId", "vol", "InvalidVolumeID.Malformed");
        var filters = FilterSet.Parse(p);
        var volumes = call.Cloud.State.Read(tx => tx.All<InstanceRecord>())
            .Where(i => i.IsLive).SelectMany(i => i.Volumes.Select(v => (Instance: i, Volume: v))).ToList();
        if (ids.FirstOrDefault(id => volumes.All(v => v.Volume.VolumeId != id)) is { } missing)
            throw Ec2Errors.NotFound("InvalidVolume.NotFound", $"The volume '{missing}' does not exist.");
        var shown = volumes.Where(v => (ids.Count == 0 || ids.Contains(v.Volume.VolumeId))
            && filters.Matches(f => FilterValues(v.Instance, v.Volume, f), v.Volume.Tags)).ToList();
        var (page, next) = Paging.Apply(shown, p);
        return Ec2Result.Of(Set("volumeSet", page.Select(v => new object?[]
        {
            E("volumeId", v.Volume.VolumeId),
            E("size", v.Volume.VolumeSize),
            E("snapshotId", ""),
            E("availabilityZone", v.Instance.AvailabilityZone),
            E("status", "in-use"),
            E("createTime", v.Instance.LaunchTime),
            Set("attachmentSet", [[
                E("volumeId", v.Volume.VolumeId), E("instanceId", v.Instance.Id), E("device", v.Volume.DeviceName),
                E("status", "attached"), E("attachTime", v.Instance.LaunchTime), E("deleteOnTermination", v.Volume.DeleteOnTermination),
            ]]),
            E("volumeType", v.Volume.VolumeType),
            E("encrypted", false),
            E("multiAttachEnabled", false),
            Tags(v.Volume.Tags),
        })), Opt("nextToken", next));
    }

    private static IEnumerable<string?>? FilterValues(InstanceRecord i, InstanceVolume v, string filter) => filter switch
    {
        "volume-id" or "attachment.volume-id" => [v.VolumeId],
        "status" => ["in-use"],
        "attachment.instance-id" => [i.Id],
        "attachment.device" => [v.DeviceName],
        "attachment.status" => ["attached"],
        "attachment.delete-on-termination" => [v.DeleteOnTermination ? "true" : "false"],
        "availability-zone" => [i.AvailabilityZone],
        "size" => [v.VolumeSize.ToString(CultureInfo.InvariantCulture)],
        "volume-type" => [v.VolumeType],
        "encrypted" => ["false"],
        _ => null,
    };
}
