using Amazon.EC2.Model;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Packer's vpc_filter, subnet_filter and security_group_filter, asked as DescribeVpcs, DescribeSubnets and
/// DescribeSecurityGroups with the template's filters (each value one filter value, as Packer sends them).</summary>
public sealed partial class AwsCloud
{
    public async Task<IReadOnlyList<string>> FindVpcsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = Filters(filters) }, c), ct);
        return (response.Vpcs ?? []).Select(v => v.VpcId).ToList();
    }

    public async Task<IReadOnlyList<CloudSubnet>> FindSubnetsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = Filters(filters) }, c), ct);
        return (response.Subnets ?? []).Select(s => new CloudSubnet(s.SubnetId, s.VpcId, s.AvailabilityZone, s.AvailableIpAddressCount ?? 0)).ToList();
    }

    public async Task<IReadOnlyList<string>> FindSecurityGroupsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = Filters(filters) }, c), ct);
        return (response.SecurityGroups ?? []).Select(g => g.GroupId).ToList();
    }

    private static List<Filter> Filters(IReadOnlyDictionary<string, string> filters) =>
        filters.Select(f => new Filter(f.Key, [f.Value])).ToList();
}
