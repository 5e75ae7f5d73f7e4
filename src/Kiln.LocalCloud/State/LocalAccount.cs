namespace Kiln.LocalCloud.State;

/// <summary>The one account, VPC and subnet the local cloud has. Ids are fixed: clients may cache them.</summary>
public static class LocalAccount
{
    public const string Id = "123456789012";
    public const string VpcId = "vpc-0c1d2e3f4a5b6c7d8";
    public const string SubnetId = "subnet-0c1d2e3f4a5b6c7d9";
    public const string Cidr = "127.77.0.0/16";
    public const string DefaultGroupName = "default";

    public static string Zone(string region) => region + "a";

    /// <summary>The default security group exists in every state, as in every AWS VPC.</summary>
    public static SecurityGroupRecord EnsureDefaultGroup(StateTx tx, DateTimeOffset now)
    {
        if (tx.ByName<SecurityGroupRecord>(DefaultGroupName) is { } g) return g;
        var group = new SecurityGroupRecord(ResourceIds.New("sg"), DefaultGroupName, "default VPC security group", VpcId,
            [], [AllTraffic], now, TagSet.Empty);
        tx.Put(group);
        return group;
    }

    public static readonly IpPermission AllTraffic = new("-1", null, null, [new IpRange("0.0.0.0/0")], [], []);
}
