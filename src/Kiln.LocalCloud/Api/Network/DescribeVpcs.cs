using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Network;

/// <summary>The one default VPC (its CIDR is the loopback range instances get addresses from).</summary>
public static class DescribeVpcs
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var ids = call.Params.List("VpcId");
        if (ids.FirstOrDefault(i => i != LocalAccount.VpcId) is { } unknown)
            throw Ec2Errors.NotFound("InvalidVpcID.NotFound", $"The vpc ID '{unknown}' does not exist");
        var filters = FilterSet.Parse(call.Params);
        var match = filters.Matches(f => f switch
        {
            "vpc-id" => [LocalAccount.VpcId],
            "is-default" or "isDefault" => ["true"],
            "state" => ["available"],
            "cidr" or "cidr-block-association.cidr-block" => [LocalAccount.Cidr],
            "owner-id" => [LocalAccount.Id],
            _ => null,
        }, TagSet.Empty);
        return Ec2Result.Of(Set("vpcSet", match ? [Vpc()] : []));
    }

    private static object?[] Vpc() =>
    [
        E("vpcId", LocalAccount.VpcId), E("ownerId", LocalAccount.Id), E("state", "available"),
        E("cidrBlock", LocalAccount.Cidr), E("dhcpOptionsId", "default"), E("instanceTenancy", "default"),
        E("isDefault", true), Set("tagSet", []),
    ];
}
