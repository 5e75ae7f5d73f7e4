namespace Kiln.Core.Cloud;

/// <summary>A cloud with VPCs, subnets and security groups to look up by EC2 filters (`tag:Name`, `vpc-id`,
/// `availability-zone`, …): read-only, asked before anything is made.</summary>
public interface INetworks
{
    Task<IReadOnlyList<string>> FindVpcsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct);
    Task<IReadOnlyList<CloudSubnet>> FindSubnetsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct);
    Task<IReadOnlyList<string>> FindSecurityGroupsAsync(IReadOnlyDictionary<string, string> filters, CancellationToken ct);
}

public sealed record CloudSubnet(string Id, string VpcId, string AvailabilityZone, int FreeAddresses);

/// <summary>Where the build instance goes once the launch's filters are resolved.</summary>
public sealed record ResolvedNetwork(string? VpcId, string? SubnetId, string? AvailabilityZone, IReadOnlyList<string> SecurityGroupIds);
