using Kiln.Core.Baking;

namespace Kiln.Core.Cloud;

/// <summary>Resolves vpc_filter, subnet_filter and security_group_filter as Packer's StepNetworkInfo does, with reads
/// only: exactly one VPC; one subnet (of that VPC and the availability_zone when given), or with most_free the one
/// with the most free addresses, with random any one; every matching group (of that VPC). An id given beside its
/// filter wins. A filter that matches nothing (or, for a VPC, more than one) is a problem naming the option.</summary>
public static class NetworkResolver
{
    public static async Task<(ResolvedNetwork? Network, IReadOnlyList<string> Problems)> ResolveAsync(INetworks cloud, LaunchSpec launch,
        Random random, CancellationToken ct)
    {
        if (launch.Filters is not { } filters) return (null, []);
        var problems = new List<string>();
        var vpc = launch.VpcId;
        if (vpc is null && filters.Vpc is { } vpcFilter)
        {
            var vpcs = await cloud.FindVpcsAsync(vpcFilter.Filters, ct);
            if (vpcs.Count == 1) vpc = vpcs[0];
            else problems.Add($"{vpcFilter.At}: vpc_filter {Describe(vpcFilter.Filters)} matches {(vpcs.Count == 0 ? "no VPC" : $"{vpcs.Count} VPCs ({string.Join(", ", vpcs)})")}: exactly one must match");
        }
        if (problems.Count > 0) return (null, problems);

        var subnet = launch.SubnetId;
        var zone = launch.Ec2?.AvailabilityZone;
        if (subnet is null && filters.Subnet is { } subnetFilter)
        {
            var asked = new Dictionary<string, string>(subnetFilter.Filters);
            if (vpc is not null) asked["vpc-id"] = vpc;
            if (zone is not null) asked["availability-zone"] = zone;
            var subnets = await cloud.FindSubnetsAsync(asked, ct);
            if (Pick(subnets, subnetFilter, random) is { } picked)
                (subnet, zone, vpc) = (picked.Id, picked.AvailabilityZone, picked.VpcId);
            else
                problems.Add(subnets.Count == 0
                    ? $"{subnetFilter.At}: subnet_filter {Describe(asked)} matches no subnet: check its filters (aws ec2 describe-subnets --filters …)"
                    : $"{subnetFilter.At}: subnet_filter matches {subnets.Count} subnets ({string.Join(", ", subnets.Select(s => s.Id))}): make it more specific, or set most_free or random to true");
        }

        var groups = launch.SecurityGroupIds;
        if (groups.Count == 0 && filters.SecurityGroups is { } groupFilter)
        {
            var asked = new Dictionary<string, string>(groupFilter.Filters);
            if (vpc is not null) asked["vpc-id"] = vpc;
            groups = await cloud.FindSecurityGroupsAsync(asked, ct);
            if (groups.Count == 0)
                problems.Add($"{groupFilter.At}: security_group_filter {Describe(asked)} matches no security group: check its filters (aws ec2 describe-security-groups --filters …)");
        }
        return problems.Count > 0 ? (null, problems) : (new ResolvedNetwork(vpc, subnet, zone, groups), []);
    }

    /// <summary>Packer's choice: the only one; with most_free the most free addresses (the first of equals); with
    /// random any. Null when none match, or several without most_free or random.</summary>
    public static CloudSubnet? Pick(IReadOnlyList<CloudSubnet> subnets, SubnetFilter filter, Random random) => subnets.Count switch
    {
        0 => null,
        1 => subnets[0],
        _ when filter.MostFree => subnets.Aggregate((best, s) => s.FreeAddresses > best.FreeAddresses ? s : best),
        _ when filter.Random => subnets[random.Next(subnets.Count)],
        _ => null,
    };

    private static string Describe(IReadOnlyDictionary<string, string> filters) =>
        "(" + string.Join(", ", filters.Select(f => $"{f.Key}={f.Value}")) + ")";
}
