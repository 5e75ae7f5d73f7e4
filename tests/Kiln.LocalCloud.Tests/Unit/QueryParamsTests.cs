using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class QueryParamsTests
{
    private static QueryParams Of(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value));

    [Fact]
    public void Lists_follow_their_index_numbers_even_when_sparse_or_out_of_order()
    {
        var p = Of(("ImageId.10", "ami-c"), ("ImageId.2", "ami-b"), ("ImageId.1", "ami-a"), ("ImageIdX.1", "no"));
        Assert.Equal(["ami-a", "ami-b", "ami-c"], p.List("ImageId"));
    }

    [Fact]
    public void Nested_structures_are_read_per_index_with_their_full_names_kept_for_errors()
    {
        var p = Of(("BlockDeviceMapping.1.DeviceName", "/dev/xvda"), ("BlockDeviceMapping.1.Ebs.VolumeSize", "50"),
            ("BlockDeviceMapping.2.DeviceName", "/dev/xvdb"), ("BlockDeviceMapping.2.Ebs.VolumeSize", "x"));
        var mappings = p.Structs("BlockDeviceMapping");
        Assert.Equal(2, mappings.Count);
        Assert.Equal(50, mappings[0].Int("Ebs.VolumeSize"));
        var e = Assert.Throws<Ec2Exception>(() => mappings[1].Int("Ebs.VolumeSize"));
        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Contains("BlockDeviceMapping.2.Ebs.VolumeSize", e.Message);
    }

    [Fact]
    public void A_missing_required_parameter_is_MissingParameter_naming_it()
    {
        var e = Assert.Throws<Ec2Exception>(() => Of().Required("ImageId"));
        Assert.Equal(("MissingParameter", 400), (e.Code, e.Status));
        Assert.Contains("ImageId", e.Message);
    }

    [Fact]
    public void Filters_read_names_and_values_and_combine_AND_across_OR_within()
    {
        var filters = FilterSet.Parse(Of(("Filter.1.Name", "name"), ("Filter.1.Value.1", "a-*"), ("Filter.1.Value.2", "b-*"),
            ("Filter.2.Name", "tag:env"), ("Filter.2.Value.1", "dev")));
        var dev = new Dictionary<string, string> { ["env"] = "dev" };
        Assert.True(filters.Matches(f => f == "name" ? ["b-1"] : null, dev));
        Assert.False(filters.Matches(f => f == "name" ? ["c-1"] : null, dev));
        Assert.False(filters.Matches(f => f == "name" ? ["a-1"] : null, TagSet.Empty));
        var unknown = Assert.Throws<Ec2Exception>(() => FilterSet.Parse(Of(("Filter.1.Name", "colour"), ("Filter.1.Value.1", "x")))
            .Matches(_ => null, TagSet.Empty));
        Assert.Equal("InvalidParameterValue", unknown.Code);
    }

    [Theory]
    [InlineData("ami-0123456789abcdef0", "ami", true)]
    [InlineData("ami-12345678", "ami", true)]
    [InlineData("ami-123", "ami", false)]
    [InlineData("ami-0123456789ABCDEF0", "ami", false)]
    [InlineData("i-0123456789abcdef0", "ami", false)]
    [InlineData("sg-0123456789abcdef0", "sg", true)]
    public void Ids_are_well_formed_only_in_EC2s_shapes(string id, string prefix, bool expected) =>
        Assert.Equal(expected, ResourceIds.IsWellFormed(id, prefix));
}
