using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>The spot requests RunInstances made (InstanceMarketOptions): one per spot instance, fulfilled at once,
/// `closed` with `instance-terminated-by-user` once its one-time instance is terminated, as EC2 shows them.</summary>
public static class DescribeSpotInstanceRequests
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var ids = call.Params.List("SpotInstanceRequestId");
        var filters = FilterSet.Parse(call.Params);
        var spot = call.Cloud.State.Read(tx => tx.All<InstanceRecord>()).Where(i => i.Settings.Spot is not null).ToList();
        if (ids.FirstOrDefault(id => spot.All(i => i.Settings.Spot!.RequestId != id)) is { } missing)
            throw Ec2Errors.NotFound("InvalidSpotInstanceRequestID.NotFound", $"The spot instance request ID '{missing}' does not exist");
        var shown = spot.Where(i => (ids.Count == 0 || ids.Contains(i.Settings.Spot!.RequestId))
            && filters.Matches(f => FilterValues(i, f), i.Settings.Spot!.Tags));
        return Ec2Result.Of(Set("spotInstanceRequestSet", shown.Select(Item)));
    }

    private static bool Active(InstanceRecord i) => i.IsLive;

    private static object?[] Item(InstanceRecord i)
    {
        var s = i.Settings.Spot!;
        return
        [
            E("spotInstanceRequestId", s.RequestId),
            Opt("spotPrice", s.MaxPrice),
            E("type", s.Type),
            E("state", Active(i) ? "active" : "closed"),
            E("status", E("code", Active(i) ? "fulfilled" : "instance-terminated-by-user"), E("updateTime", i.LaunchTime)),
            E("launchSpecification", E("imageId", i.ImageId), E("instanceType", i.InstanceType), Opt("keyName", i.KeyName),
                E("placement", E("availabilityZone", i.AvailabilityZone))),
            E("instanceId", i.Id),
            E("createTime", i.LaunchTime),
            E("productDescription", "Linux/UNIX"),
            E("launchedAvailabilityZone", i.AvailabilityZone),
            E("instanceInterruptionBehavior", "terminate"),
            Tags(s.Tags),
        ];
    }

    private static IEnumerable<string?>? FilterValues(InstanceRecord i, string filter) => filter switch
    {
        "spot-instance-request-id" => [i.Settings.Spot!.RequestId],
        "instance-id" => [i.Id],
        "state" => [Active(i) ? "active" : "closed"],
        "type" => [i.Settings.Spot!.Type],
        _ => null,
    };
}
