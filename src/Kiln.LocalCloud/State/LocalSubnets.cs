using Kiln.LocalCloud.Api;

namespace Kiln.LocalCloud.State;

/// <summary>The default VPC's subnets: one default subnet per availability zone of the region, as in an AWS account's
/// default VPC, so that Packer's subnet_filter (with most_free or random) has more than one to pick from. The first
/// zone's is <see cref="LocalAccount.SubnetId"/>, as before; ids and CIDRs are fixed (clients may cache them). An
/// instance's address comes from the VPC's loopback range whatever its subnet: the CIDRs only partition the VPC's.</summary>
public static class LocalSubnets
{
    public sealed record Subnet(string Id, string Zone, string Cidr)
    {
        /// <summary>A /18 less AWS's five reserved addresses.</summary>
        public const int Size = 16379;
    }

    private static readonly string[] Ids = [LocalAccount.SubnetId, "subnet-0c1d2e3f4a5b6c7da", "subnet-0c1d2e3f4a5b6c7db", "subnet-0c1d2e3f4a5b6c7dc"];

    public static IReadOnlyList<Subnet> Of(string region) =>
        AvailabilityZones.Names(region).Take(Ids.Length).Select((zone, i) => new Subnet(Ids[i], zone, $"127.77.{i * 64}.0/18")).ToList();

    public static Subnet? Find(string region, string id) => Of(region).FirstOrDefault(s => s.Id == id);

    /// <summary>Free addresses: the subnet's size less its instances that are not terminated.</summary>
    public static int Free(Subnet subnet, IEnumerable<InstanceRecord> instances) =>
        Subnet.Size - instances.Count(i => i.SubnetId == subnet.Id && i.AvailabilityZone == subnet.Zone && i.State != Compute.InstanceStates.Terminated);
}
