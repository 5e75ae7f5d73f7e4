using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

public sealed partial class AwsCloud
{
    /// <summary>A group in the default VPC (no VpcId: EC2 uses the account's default VPC) allowing TCP
    /// <paramref name="port"/> from <paramref name="cidr"/> only.</summary>
    public Task<SecurityGroupId> CreateSecurityGroupAsync(string name, string description, string cidr, int port,
        IReadOnlyDictionary<string, string> tags, CancellationToken ct) =>
        CreateSecurityGroupAsync(name, description, cidr, port, tags, vpcId: null, ct);

    /// <summary>As above, in <paramref name="vpcId"/> (null: the default VPC). An instance launched into a subnet needs
    /// a group of that subnet's VPC: see <see cref="FindVpcOfSubnetAsync"/>.</summary>
    public async Task<SecurityGroupId> CreateSecurityGroupAsync(string name, string description, string cidr, int port,
        IReadOnlyDictionary<string, string> tags, string? vpcId, CancellationToken ct)
    {
        var created = await CallAsync(c => Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            GroupName = name, Description = description, VpcId = vpcId,
            TagSpecifications = Ec2Mapping.TagSpecs(tags, ResourceType.SecurityGroup),
        }, c), ct);
        Remember(created.GroupId);
        await CallAsync(c => Ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = created.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = port, ToPort = port, Ipv4Ranges = [new IpRange { CidrIp = cidr }] }],
        }, c), ct, created.GroupId);
        return new SecurityGroupId(created.GroupId);
    }

    /// <summary>Waits out DependencyViolation (the group's instance is still terminating), then deletes; absent is success.</summary>
    public Task DeleteSecurityGroupAsync(SecurityGroupId id, CancellationToken ct) =>
        DeleteAsync(c => Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = id.Value }, c), id.Value, ct,
            waitOutDependencies: true);

    /// <summary>The VPC a subnet belongs to (as Packer does when subnet_id is set); null when EC2 does not know the subnet.</summary>
    public async Task<string?> FindVpcOfSubnetAsync(string subnetId, CancellationToken ct)
    {
        try
        {
            var response = await CallAsync(c => Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnetId] }, c), ct);
            return response.Subnets?.FirstOrDefault()?.VpcId;
        }
        catch (CloudException e) when (e.IsNotFound) { return null; }
    }

    public async Task<IReadOnlyList<SecurityGroupId>> FindSecurityGroupsByTagAsync(string key, string value, CancellationToken ct) =>
        (await SecurityGroupsTaggedAsync(key, value, ct)).Select(g => g.Id).ToList();

    /// <summary>The security groups with the tag, each with all its tags.</summary>
    private async Task<IReadOnlyList<(SecurityGroupId Id, IReadOnlyDictionary<string, string> Tags)>> SecurityGroupsTaggedAsync(
        string key, string value, CancellationToken ct)
    {
        var groups = new List<(SecurityGroupId, IReadOnlyDictionary<string, string>)>();
        string? next = null;
        do
        {
            var token = next;
            var page = await CallAsync(c => Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
            {
                Filters = [Ec2Mapping.TagFilter(key, value)], MaxResults = 1000, NextToken = token,
            }, c), ct);
            groups.AddRange((page.SecurityGroups ?? []).Select(g => (new SecurityGroupId(g.GroupId), Ec2Mapping.ToTags(g.Tags))));
            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (next is not null);
        return groups;
    }
}
