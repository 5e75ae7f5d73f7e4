namespace Kiln.Core.Baking;

/// <summary>amazon-ebs's vpc_filter, subnet_filter and security_group_filter: EC2 filters resolved against the cloud
/// before anything is made (Packer's StepNetworkInfo). Null members: no such filter. <c>At</c> is where the option
/// was given (`file:line:col: path`), for a filter that matches nothing.</summary>
public sealed record NetworkFilters(VpcFilter? Vpc = null, SubnetFilter? Subnet = null, SecurityGroupFilter? SecurityGroups = null)
{
    public bool IsEmpty => Vpc is null && Subnet is null && SecurityGroups is null;
}

/// <summary>Exactly one VPC must match.</summary>
public sealed record VpcFilter(IReadOnlyDictionary<string, string> Filters, string At);

/// <summary>One subnet must match, or <paramref name="MostFree"/> picks the one with the most free addresses, or
/// <paramref name="Random"/> any one of them (most_free wins when both are set, as in Packer).</summary>
public sealed record SubnetFilter(IReadOnlyDictionary<string, string> Filters, bool MostFree, bool Random, string At);

/// <summary>Every matching group is attached.</summary>
public sealed record SecurityGroupFilter(IReadOnlyDictionary<string, string> Filters, string At);
