using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Templates.Tests.Packer;

/// <summary>vpc_filter, subnet_filter (most_free, random) and security_group_filter read as Packer reads them, and
/// Packer's choice among the subnets they match.</summary>
public class AmazonNetworkFiltersTests
{
    private static string With(string extra) => $$"""{"builders": [{{PackerTestKit.Builder(extra)}}]}""";

    [Fact]
    public void Filters_land_in_the_launch_with_where_they_were_given()
    {
        using var kit = new PackerTestKit();
        var filters = kit.Read(With("""
            "vpc_filter": {"filters": {"tag:Class": "build", "isDefault": "false"}},
            "subnet_filter": {"filters": {"tag:Class": "build"}, "most_free": true, "random": "1"},
            "security_group_filter": {"filters": {"tag:Class": "packer"}}
            """)).Builds[0].Launch.Filters!;
        Assert.Equal(("build", "false"), (filters.Vpc!.Filters["tag:Class"], filters.Vpc.Filters["isDefault"]));
        Assert.Equal((true, true), (filters.Subnet!.MostFree, filters.Subnet.Random));
        Assert.Equal("packer", filters.SecurityGroups!.Filters["tag:Class"]);
        Assert.Matches(@"^t\.json:\d+:\d+: builders\[0\]\.subnet_filter$", filters.Subnet.At);
    }

    [Fact]
    public void No_filter_leaves_the_launch_as_it_was()
    {
        using var kit = new PackerTestKit();
        Assert.Null(kit.Read(With("\"subnet_filter\": {}")).Builds[0].Launch.Filters);
        var problem = Assert.Single(kit.Problems(With("\"subnet_filter\": {\"most_free\": true}")));
        Assert.Contains("builders[0].subnet_filter: subnet_filter needs filters", problem);
        Assert.Contains("unknown option 'mostfree'", Assert.Single(kit.Problems(With("\"subnet_filter\": {\"filters\": {\"a\": \"b\"}, \"mostfree\": true}"))));
    }

    [Fact]
    public void Packer_picks_the_only_subnet_the_most_free_or_any_and_refuses_a_choice_it_was_not_given()
    {
        CloudSubnet[] subnets = [new("subnet-a", "vpc-1", "z-a", 10), new("subnet-b", "vpc-1", "z-b", 30), new("subnet-c", "vpc-1", "z-c", 30)];
        var filters = new Dictionary<string, string> { ["tag:Class"] = "build" };
        Assert.Equal("subnet-b", NetworkResolver.Pick(subnets, new SubnetFilter(filters, true, true, ""), new Random(1))!.Id);
        Assert.Contains(NetworkResolver.Pick(subnets, new SubnetFilter(filters, false, true, ""), new Random(1))!, subnets);
        Assert.Null(NetworkResolver.Pick(subnets, new SubnetFilter(filters, false, false, ""), new Random(1)));
        Assert.Equal("subnet-a", NetworkResolver.Pick(subnets[..1], new SubnetFilter(filters, false, false, ""), new Random(1))!.Id);
        Assert.Null(NetworkResolver.Pick([], new SubnetFilter(filters, true, false, ""), new Random(1)));
    }
}
