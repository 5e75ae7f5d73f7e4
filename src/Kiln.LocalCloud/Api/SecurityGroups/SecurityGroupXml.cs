using System.Xml.Linq;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.SecurityGroups;

public static class SecurityGroupXml
{
    public static object?[] Item(SecurityGroupRecord g) =>
    [
        E("ownerId", LocalAccount.Id),
        E("groupId", g.Id),
        E("groupName", g.Name),
        E("groupDescription", g.Description),
        E("vpcId", g.VpcId),
        Permissions("ipPermissions", g.Ingress),
        Permissions("ipPermissionsEgress", g.Egress),
        Tags(g.Tags),
    ];

    private static XElement Permissions(string name, IEnumerable<IpPermission> permissions) =>
        Set(name, permissions.Select(p => new object?[]
        {
            E("ipProtocol", p.Protocol),
            Opt("fromPort", p.FromPort),
            Opt("toPort", p.ToPort),
            Set("groups", p.GroupIds.Select(id => new object?[] { E("userId", LocalAccount.Id), E("groupId", id) })),
            Set("ipRanges", p.Ipv4Ranges.Select(r => new object?[] { E("cidrIp", r.Cidr), Opt("description", r.Description) })),
            Set("ipv6Ranges", p.Ipv6Ranges.Select(r => new object?[] { E("cidrIpv6", r.Cidr), Opt("description", r.Description) })),
            Set("prefixListIds", []),
        }));

    public static IEnumerable<string?>? FilterValues(SecurityGroupRecord g, string filter) => filter switch
    {
        "group-id" => [g.Id],
        "group-name" => [g.Name],
        "description" => [g.Description],
        "vpc-id" => [g.VpcId],
        "owner-id" => [LocalAccount.Id],
        "ip-permission.protocol" => g.Ingress.Select(p => p.Protocol),
        "ip-permission.cidr" => g.Ingress.SelectMany(p => p.Ipv4Ranges.Select(r => r.Cidr)),
        "ip-permission.from-port" => g.Ingress.Select(p => p.FromPort?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "ip-permission.to-port" => g.Ingress.Select(p => p.ToPort?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => null,
    };

    public static Ec2Exception NotFound(string idOrName) =>
        Ec2Errors.NotFound("InvalidGroup.NotFound", $"The security group '{idOrName}' does not exist");

    /// <summary>A group by GroupId or GroupName (one of them required), or InvalidGroup.NotFound.</summary>
    public static SecurityGroupRecord Find(StateTx tx, QueryParams p)
    {
        var id = p.Get("GroupId");
        var name = p.Get("GroupName");
        if (id is null && name is null) throw Ec2Errors.Missing("GroupId");
        if (id is not null)
            return tx.Get<SecurityGroupRecord>(Common.Requests.CheckId(id, "sg", "InvalidGroupId.Malformed")) ?? throw NotFound(id);
        return tx.ByName<SecurityGroupRecord>(name!) ?? throw NotFound(name!);
    }
}
