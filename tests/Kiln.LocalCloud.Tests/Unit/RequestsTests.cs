using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class RequestsTests
{
    private static readonly BlockDevice Root = new("/dev/xvda", "snap-12345678", 8);

    [Fact]
    public void Requested_mappings_override_the_images_by_device_add_new_ones_and_NoDevice_removes()
    {
        var merged = Requests.Merge([Root, new BlockDevice("/dev/xvdb", null, 10)],
        [
            new Requests.BlockDeviceRequest("/dev/xvda", 50, "gp3", null, null, false),
            new Requests.BlockDeviceRequest("/dev/xvdb", null, null, null, null, true),
            new Requests.BlockDeviceRequest("/dev/xvdc", 20, null, false, null, false),
        ]);
        Assert.Equal([("/dev/xvda", 50, "gp3", true), ("/dev/xvdc", 20, "gp2", false)],
            merged.Select(b => (b.DeviceName, b.VolumeSize, b.VolumeType, b.DeleteOnTermination)));
        Assert.Equal("snap-12345678", merged[0].SnapshotId);
    }

    [Fact]
    public void A_volume_smaller_than_its_snapshot_is_refused_as_EC2_does()
    {
        var e = Assert.Throws<Ec2Exception>(() => Requests.Merge([Root with { VolumeSize = 50 }],
            [new Requests.BlockDeviceRequest("/dev/xvda", 8, null, null, null, false)]));
        Assert.Equal("InvalidParameterValue", e.Code);
    }

    [Fact]
    public void Tag_specifications_give_each_resource_type_its_own_tags()
    {
        var p = new QueryParams(new Dictionary<string, string>
        {
            ["TagSpecification.1.ResourceType"] = "instance", ["TagSpecification.1.Tag.1.Key"] = "Name", ["TagSpecification.1.Tag.1.Value"] = "a",
            ["TagSpecification.2.ResourceType"] = "volume", ["TagSpecification.2.Tag.1.Key"] = "Name", ["TagSpecification.2.Tag.1.Value"] = "v",
        });
        var specs = Requests.TagSpecifications(p);
        Assert.Equal("a", Requests.TagsFor(specs, "instance")["Name"]);
        Assert.Equal("v", Requests.TagsFor(specs, "volume")["Name"]);
        Assert.Empty(Requests.TagsFor(specs, "image"));
    }

    [Fact]
    public void Paging_walks_every_item_once_and_ends_without_a_token()
    {
        var items = Enumerable.Range(1, 12).ToList();
        var seen = new List<int>();
        string? token = null;
        do
        {
            var values = new Dictionary<string, string> { ["MaxResults"] = "5" };
            if (token is not null) values["NextToken"] = token;
            var (page, next) = Paging.Apply(items, new QueryParams(values));
            seen.AddRange(page);
            token = next;
        } while (token is not null);
        Assert.Equal(items, seen);
        Assert.Equal("InvalidParameterValue", Assert.Throws<Ec2Exception>(() =>
            Paging.Apply(items, new QueryParams(new Dictionary<string, string> { ["MaxResults"] = "2" }))).Code);
    }
}
