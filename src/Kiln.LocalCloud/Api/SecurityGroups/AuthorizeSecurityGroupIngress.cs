using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.SecurityGroups;

/// <summary>AuthorizeSecurityGroupIngress: `IpPermissions.N.*` or the older flat CidrIp/IpProtocol/FromPort/ToPort.</summary>
public static class AuthorizeSecurityGroupIngress
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var permissions = Permissions(p);
        if (permissions.Count == 0) throw Ec2Errors.Missing("IpPermissions");
        call.Cloud.State.Write(tx =>
        {
            var group = SecurityGroupXml.Find(tx, p);
            foreach (var perm in permissions)
                foreach (var id in perm.GroupIds)
                    if (tx.Get<SecurityGroupRecord>(id) is null) throw SecurityGroupXml.NotFound(id);
            var ingress = group.Ingress.ToList();
            foreach (var perm in permissions)
            {
                if (ingress.Any(existing => Same(existing, perm)))
                    throw new Ec2Exception("InvalidPermission.Duplicate",
                        $"the specified rule \"peer: {Peer(perm)}, {perm.Protocol.ToUpperInvariant()}, from port: {perm.FromPort}, to port: {perm.ToPort}, ALLOW\" already exists");
                ingress.Add(perm);
            }
            tx.Put(group with { Ingress = ingress });
        });
        return Ec2Result.Of(Return());
    }

    private static List<IpPermission> Permissions(QueryParams p)
    {
        var list = p.Structs("IpPermissions").Select(s => Permission(s,
            s.Structs("IpRanges").Select(r => new IpRange(r.Required("CidrIp"), r.Get("Description"))).ToList(),
            s.Structs("Ipv6Ranges").Select(r => new IpRange(r.Required("CidrIpv6"), r.Get("Description"))).ToList(),
            s.Structs("Groups").Select(g => g.Required("GroupId")).ToList())).ToList();
        if (p.Get("IpProtocol") is not null || p.Get("CidrIp") is not null)
            list.Add(Permission(p, p.Get("CidrIp") is { } cidr ? [new IpRange(cidr)] : [], [], []));
        return list;
    }

    private static IpPermission Permission(QueryParams s, List<IpRange> v4, List<IpRange> v6, List<string> groups)
    {
        var protocol = (s.Get("IpProtocol") ?? throw Ec2Errors.Missing(s.FullName("IpProtocol"))).ToLowerInvariant();
        protocol = protocol switch { "6" => "tcp", "17" => "udp", "1" => "icmp", _ => protocol };
        if (protocol is not ("tcp" or "udp" or "icmp" or "-1" or "all"))
            throw Ec2Errors.InvalidValue(s.FullName("IpProtocol"), protocol, "Use tcp, udp, icmp or -1.");
        if (protocol == "all") protocol = "-1";
        var from = s.Int("FromPort");
        var to = s.Int("ToPort");
        if (protocol is "tcp" or "udp" && (from is null || to is null || from < 0 || to > 65535 || from > to))
            throw Ec2Errors.InvalidValue(s.FullName("FromPort"), $"{from}-{to}", "TCP and UDP rules need FromPort <= ToPort within 0-65535.");
        foreach (var r in v4)
            if (!System.Net.IPNetwork.TryParse(r.Cidr, out _))
                throw Ec2Errors.InvalidValue(s.FullName("CidrIp"), r.Cidr, "CIDR block is malformed.");
        return new IpPermission(protocol, protocol == "-1" ? null : from, protocol == "-1" ? null : to, v4, v6, groups);
    }

    private static bool Same(IpPermission a, IpPermission b) =>
        a.Protocol == b.Protocol && a.FromPort == b.FromPort && a.ToPort == b.ToPort
        && (a.Ipv4Ranges.Select(r => r.Cidr).Intersect(b.Ipv4Ranges.Select(r => r.Cidr)).Any()
            || a.GroupIds.Intersect(b.GroupIds).Any() || a.Ipv6Ranges.Select(r => r.Cidr).Intersect(b.Ipv6Ranges.Select(r => r.Cidr)).Any());

    private static string Peer(IpPermission p) =>
        p.Ipv4Ranges.FirstOrDefault()?.Cidr ?? p.Ipv6Ranges.FirstOrDefault()?.Cidr ?? p.GroupIds.FirstOrDefault() ?? "";
}
