using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Network;

/// <summary>The one default subnet, in the first zone of the client's region.</summary>
public static class DescribeSubnets
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var ids = call.Params.List("SubnetId");
        if (ids.FirstOrDefault(i => i != LocalAccount.SubnetId) is { } unknown)
            throw Ec2Errors.NotFound("InvalidSubnetID.NotFound", $"The subnet ID '{unknown}' does not exist");
        var zone = LocalAccount.Zone(call.Region);
        var match = FilterSet.Parse(call.Params).Matches(f => f switch
        {
            "subnet-id" => [LocalAccount.SubnetId],
            "vpc-id" => [LocalAccount.VpcId],
            "availability-zone" or "availabilityZone" => [zone],
            "default-for-az" or "defaultForAz" => ["true"],
            "state" => ["available"],
            "cidr-block" or "cidr" or "cidrBlock" => [LocalAccount.Cidr],
            "map-public-ip-on-launch" => ["true"],
            "owner-id" => [LocalAccount.Id],
            _ => null,
        }, TagSet.Empty);
        return Ec2Result.Of(Set("subnetSet", match ? [Subnet(zone)] : []));
    }

    private static object?[] Subnet(string zone) =>
    [
        E("subnetId", LocalAccount.SubnetId), E("state", "available"), E("vpcId", LocalAccount.VpcId),
        E("cidrBlock", LocalAccount.Cidr), E("availableIpAddressCount", 65000), E("availabilityZone", zone),
        E("defaultForAz", true), E("mapPublicIpOnLaunch", true), E("ownerId", LocalAccount.Id), Set("tagSet", []),
    ];
}
