using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Network;

/// <summary>The default VPC's subnets, one per zone of the client's region (<see cref="LocalSubnets"/>), each with
/// its free addresses counted from its instances.</summary>
public static class DescribeSubnets
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var subnets = LocalSubnets.Of(call.Region);
        var ids = call.Params.List("SubnetId");
        if (ids.FirstOrDefault(i => subnets.All(s => s.Id != i)) is { } unknown)
            throw Ec2Errors.NotFound("InvalidSubnetID.NotFound", $"The subnet ID '{unknown}' does not exist");
        var filters = FilterSet.Parse(call.Params);
        var instances = call.Cloud.State.Read(tx => tx.All<InstanceRecord>());
        var shown = subnets.Where(s => (ids.Count == 0 || ids.Contains(s.Id)) && filters.Matches(f => Values(s, f), TagSet.Empty))
            .Select(s => Item(s, LocalSubnets.Free(s, instances)));
        return Ec2Result.Of(Set("subnetSet", shown));
    }

    private static IEnumerable<string?>? Values(LocalSubnets.Subnet s, string filter) => filter switch
    {
        "subnet-id" => [s.Id],
        "vpc-id" => [LocalAccount.VpcId],
        "availability-zone" or "availabilityZone" => [s.Zone],
        "default-for-az" or "defaultForAz" => ["true"],
        "state" => ["available"],
        "cidr-block" or "cidr" or "cidrBlock" => [s.Cidr],
        "map-public-ip-on-launch" => ["true"],
        "owner-id" => [LocalAccount.Id],
        _ => null,
    };

    private static object?[] Item(LocalSubnets.Subnet s, int free) =>
    [
        E("subnetId", s.Id), E("state", "available"), E("vpcId", LocalAccount.VpcId),
        E("cidrBlock", s.Cidr), E("availableIpAddressCount", free), E("availabilityZone", s.Zone),
        E("defaultForAz", true), E("mapPublicIpOnLaunch", true), E("ownerId", LocalAccount.Id), Set("tagSet", []),
    ];
}
