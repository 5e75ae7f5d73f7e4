using Kiln.Core.Baking;
using Kiln.Templates.Tests.Packer.Hcl;

namespace Kiln.Templates.Tests.Packer;

/// <summary>The build instance's options read as Packer reads them, the same from JSON and HCL2, and what EC2 would
/// refuse once the key pair and group exist is refused now, at its place in the file.</summary>
public class AmazonLaunchTests
{
    [Fact]
    public void Json_options_land_in_the_launch_and_the_image_attributes()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("""
            "iam_instance_profile": "builder-profile", "skip_profile_validation": true,
            "metadata_options": {"http_tokens": "required", "http_put_response_hop_limit": "2", "instance_metadata_tags": "enabled"},
            "imds_support": "v2.0", "ebs_optimized": "true", "enable_t2_unlimited": true,
            "run_volume_tags": {"team": "infra"}, "availability_zone": "ap-northeast-1c",
            "ena_support": true, "sriov_support": "1"
            """)}}]}""").Builds[0];
        var ec2 = spec.Launch.Ec2!;
        Assert.Equal("builder-profile", ec2.IamInstanceProfile);
        Assert.Equal(new InstanceMetadata("enabled", "required", 2, "enabled"), ec2.Metadata);
        Assert.True(ec2.EbsOptimized);
        Assert.True(ec2.UnlimitedCredits);
        Assert.Equal("infra", ec2.VolumeTags["team"]);
        Assert.Equal("ap-northeast-1c", ec2.AvailabilityZone);
        Assert.Null(ec2.Spot);
        Assert.Equal(new ImageAttributes(true, true, "v2.0"), spec.ImageAttributes);
    }

    [Fact]
    public void A_spot_build_takes_its_types_in_order_and_auto_means_no_price_cap()
    {
        using var kit = new PackerTestKit();
        var builder = PackerTestKit.Builder("""
            "spot_price": "auto", "spot_price_auto_product": "Linux/UNIX", "spot_instance_types": ["t3.small", "t3a.small"],
            "spot_tags": {"lifecycle": "spot-build"}
            """).Replace("\"instance_type\": \"t2.nano\", ", "");
        var spec = kit.Read($$"""{"builders": [{{builder}}]}""").Builds[0];
        var spot = spec.Launch.Ec2!.Spot!;
        Assert.Null(spot.MaxPrice);
        Assert.Equal(["t3.small", "t3a.small"], spot.InstanceTypes);
        Assert.Equal("spot-build", spot.Tags["lifecycle"]);
        Assert.Equal("t3.small", spec.InstanceType);

        var priced = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"spot_price\": \"0.0113\"")}}]}""").Builds[0].Launch.Ec2!.Spot!;
        Assert.Equal("0.0113", priced.MaxPrice);
        Assert.Equal(["t2.nano"], priced.InstanceTypes);
    }

    [Fact]
    public void Hcl2_blocks_and_maps_read_as_the_json_does()
    {
        using var kit = new HclTestKit();
        var source = HclTestKit.Source.Replace("  ami_name ", """
              iam_instance_profile = "arn:aws:iam::123456789012:instance-profile/builder"
              spot_price           = "0.02"
              spot_tags            = { owner = "ci" }
              run_volume_tags      = { team = "infra" }
              imds_support         = "v2.0"
              metadata_options {
                http_endpoint               = "enabled"
                http_tokens                 = "required"
                http_put_response_hop_limit = 1
              }
              ami_name 
            """);
        var spec = kit.Read(source + "build {\n  sources = [\"source.amazon-ebs.base\"]\n}\n").Builds[0];
        var ec2 = spec.Launch.Ec2!;
        Assert.Equal("arn:aws:iam::123456789012:instance-profile/builder", ec2.IamInstanceProfile);
        Assert.Equal(new InstanceMetadata("enabled", "required", 1, "disabled"), ec2.Metadata);
        Assert.Equal("0.02", ec2.Spot!.MaxPrice);
        Assert.Equal("ci", ec2.Spot.Tags["owner"]);
        Assert.Equal("infra", ec2.VolumeTags["team"]);
        Assert.Equal("v2.0", spec.ImageAttributes.ImdsSupport);
    }

    [Fact]
    public void Without_options_the_launch_is_ec2s_default()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read($$"""{"builders": [{{PackerTestKit.Builder("\"spot_price\": \"\", \"metadata_options\": {}")}}]}""").Builds[0];
        Assert.Null(spec.Launch.Ec2!.Spot);
        Assert.Equal(new InstanceMetadata(), spec.Launch.Ec2.Metadata);
        Assert.Equal(new ImageAttributes(), spec.ImageAttributes);
    }

    [Theory]
    [InlineData("\"spot_price\": \"cheap\"", "t.json:1:", "builders[0].spot_price: spot_price: 'cheap' is neither a price in US dollars per hour")]
    [InlineData("\"spot_price\": \"-1\"", "t.json:1:", "spot_price: '-1' is neither a price")]
    [InlineData("\"metadata_options\": {\"http_tokens\": \"always\"}", "t.json:1:", "builders[0].metadata_options.http_tokens: metadata_options.http_tokens: 'always' is not a value EC2 takes: use optional or required")]
    [InlineData("\"metadata_options\": {\"http_endpoint\": \"on\"}", "t.json:1:", "metadata_options.http_endpoint: 'on' is not a value EC2 takes: use enabled or disabled")]
    [InlineData("\"metadata_options\": {\"http_put_response_hop_limit\": 65}", "t.json:1:", "builders[0].metadata_options.http_put_response_hop_limit: metadata_options.http_put_response_hop_limit: 65 is out of range: EC2 takes 1 to 64")]
    [InlineData("\"metadata_options\": {\"http_put_response_hop_limit\": \"many\"}", "t.json:1:", "http_put_response_hop_limit: expected an integer from 1 to 64, got \"many\"")]
    [InlineData("\"metadata_options\": {\"http_token\": \"required\"}", "t.json:1:", "unknown option 'http_token' for metadata_options (did you mean 'http_tokens'?)")]
    [InlineData("\"imds_support\": \"v1.0\"", "t.json:1:", "builders[0].imds_support: imds_support: 'v1.0' is not an IMDS version")]
    [InlineData("\"iam_instance_profile\": \"my profile\"", "t.json:1:", "iam_instance_profile: 'my profile' is not an instance profile name")]
    [InlineData("\"availability_zone\": \"us-east-1a\"", "t.json:1:", "availability_zone: 'us-east-1a' is not a zone of the build region ap-northeast-1")]
    [InlineData("\"instance_type\": \"m5.large\", \"enable_t2_unlimited\": true", "t.json:1:", "enable_t2_unlimited needs a t2 instance type, not m5.large")]
    [InlineData("\"spot_price\": \"auto\", \"enable_t2_unlimited\": true", "t.json:1:", "enable_t2_unlimited cannot be used with spot_price")]
    [InlineData("\"spot_tags\": {\"a\": \"b\"}", "t.json:1:", "builders[0].spot_tags: spot_tags needs spot_price")]
    [InlineData("\"spot_price\": \"auto\", \"spot_instance_types\": [\"t3.small\"]", "t.json:1:", "give instance_type or spot_instance_types, not both")]
    [InlineData("\"spot_price\": \"auto\", \"spot_price_auto_product\": \"Linux\"", "t.json:1:", "spot_price_auto_product: 'Linux' is not a product")]
    [InlineData("\"spot_price\": \"auto\", \"ena_support\": true", "t.json:1:", "ena_support cannot be set on a spot build instance")]
    public void Mistakes_are_named_with_their_place(string options, string place, string message)
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems($$"""{"builders": [{{PackerTestKit.Builder(options)}}]}""");
        Assert.Contains(problems, p => p.StartsWith(place) && p.Contains(message));
    }

    [Fact]
    public void A_bad_hop_limit_in_hcl2_is_named_at_its_line()
    {
        using var kit = new HclTestKit();
        var source = HclTestKit.Source.Replace("  ami_name ", "  metadata_options {\n    http_put_response_hop_limit = 0.5\n  }\n  ami_name ");
        var problems = kit.Problems(source + "build {\n  sources = [\"source.amazon-ebs.base\"]\n}\n");
        Assert.Contains(problems, p => p.StartsWith("t.pkr.hcl:7:") && p.Contains("http_put_response_hop_limit"));
    }
}
