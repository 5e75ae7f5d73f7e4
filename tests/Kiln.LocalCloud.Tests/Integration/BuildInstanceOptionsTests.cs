using System.Diagnostics;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Xunit.Abstractions;
using Filter = Amazon.EC2.Model.Filter;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>amazon-ebs's build-instance options as Kiln's AWS adapter sends them (RunInstances, ModifyInstanceAttribute,
/// ModifyImageAttribute), and what the AWS CLI then sees: the instance profile, metadata options, CPU credits, volume
/// tags, zone and its default subnet (found by Packer-style network filters), a spot instance with its request's tags, and
/// the image's ENA, SR-IOV and IMDS support.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class BuildInstanceOptionsTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    private const string Profile = "arn:aws:iam::123456789012:instance-profile/kiln-builder";

    [Fact]
    public async Task Launch_options_and_image_attributes_are_what_the_AWS_CLI_describes()
    {
        var clock = Stopwatch.StartNew();
        using var kiln = cloud.Adapter();
        var aws = new AwsCli(cloud.Server);
        var ec2 = cloud.Ec2;
        await cloud.Ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "build-options", KeyType = "ed25519" });
        var group = (await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("build-options", "build options"))).GroupId;
        var credential = new SshCredential("build-options", "ec2-user", "", null, null);
        var tags = new Dictionary<string, string> { ["Name"] = "builder", [KilnTags.RunId] = "kiln-run-options" };
        var zone = kiln.Region + "c";

        var onDemand = await kiln.RunInstanceAsync(new InstanceRequest(new ImageId(cloud.BaseImageId), "t2.micro", credential,
            new SshRuleId(group), tags)
        {
            Ec2 = new Ec2Launch
            {
                IamInstanceProfile = Profile, Metadata = new InstanceMetadata(HttpTokens: "required", HopLimit: 3, InstanceMetadataTags: "enabled"),
                EbsOptimized = true, UnlimitedCredits = true, VolumeTags = new Dictionary<string, string> { ["team"] = "infra" },
                AvailabilityZone = zone,
            },
        }, CancellationToken.None);
        var described = await InstanceAsync(aws, onDemand);
        Assert.Equal(Profile, described.GetProperty("IamInstanceProfile").GetProperty("Arn").GetString());
        var metadata = described.GetProperty("MetadataOptions");
        Assert.Equal(("required", 3, "enabled", "enabled"), (metadata.GetProperty("HttpTokens").GetString(),
            metadata.GetProperty("HttpPutResponseHopLimit").GetInt32(), metadata.GetProperty("HttpEndpoint").GetString(),
            metadata.GetProperty("InstanceMetadataTags").GetString()));
        Assert.True(described.GetProperty("EbsOptimized").GetBoolean());
        Assert.False(described.TryGetProperty("InstanceLifecycle", out _));
        Assert.Equal(zone, described.GetProperty("Placement").GetProperty("AvailabilityZone").GetString());
        // The zone's default subnet, which Kiln's subnet_filter resolution (as Packer's most_free) picks among the three.
        var inZone = Assert.Single((await aws.Ec2Async("describe-subnets", "--region", kiln.Region, "--filters", $"Name=availability-zone,Values={zone}"))
            .GetProperty("Subnets").EnumerateArray());
        Assert.Equal((inZone.GetProperty("SubnetId").GetString(), inZone.GetProperty("VpcId").GetString()),
            (described.GetProperty("SubnetId").GetString(), described.GetProperty("VpcId").GetString()));
        Assert.True(inZone.GetProperty("AvailableIpAddressCount").GetInt32() < 16379, "the instance takes an address of its subnet");
        var (network, problems) = await NetworkResolver.ResolveAsync(kiln, new LaunchSpec
        {
            Ec2 = new Ec2Launch { AvailabilityZone = zone },
            Filters = new NetworkFilters(new VpcFilter(new Dictionary<string, string> { ["isDefault"] = "true" }, "t.json:1:1"),
                new SubnetFilter(new Dictionary<string, string> { ["default-for-az"] = "true" }, MostFree: true, Random: false, "t.json:2:1"),
                new SecurityGroupFilter(new Dictionary<string, string> { ["group-name"] = "build-options" }, "t.json:3:1")),
        }, new Random(1), CancellationToken.None);
        Assert.Empty(problems);
        Assert.Equal((described.GetProperty("VpcId").GetString(), described.GetProperty("SubnetId").GetString(), zone),
            (network!.VpcId, network.SubnetId, network.AvailabilityZone));
        Assert.Equal(new[] { group }, network.SecurityGroupIds);
        var credits = await ec2.DescribeInstanceCreditSpecificationsAsync(new DescribeInstanceCreditSpecificationsRequest { InstanceIds = [onDemand.Value] });
        Assert.Equal("unlimited", credits.InstanceCreditSpecifications.Single().CpuCredits);
        var volume = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("attachment.instance-id", [onDemand.Value])] }))
            .Volumes.Single();
        var volumeTags = volume.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("infra", volumeTags["team"]);
        Assert.Equal("kiln-run-options", volumeTags[KilnTags.RunId]);
        Assert.False(volumeTags.ContainsKey("Name"), "run_volume_tags replace the run tags on volumes, as in Packer");

        // ena_support false and sriov_support, set on the stopped instance, reach the image; imds_support on the image.
        await cloud.Ec2.StopInstancesAsync(new StopInstancesRequest([onDemand.Value]));
        await kiln.SetNetworkSupportAsync(onDemand, ena: false, sriov: true, CancellationToken.None);
        var image = await kiln.CreateImageAsync(onDemand, "build-options-20261204-1200", "options", new Dictionary<string, string>(), CancellationToken.None);
        await kiln.SetImdsSupportAsync(image, "v2.0", CancellationToken.None);
        var baked = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [image.Value] })).Images.Single();
        Assert.Equal((false, "simple", "v2.0"), (baked.EnaSupport ?? true, baked.SriovNetSupport, baked.ImdsSupport?.Value));

        // A spot instance of that image: the first of its types is taken (the local cloud never lacks capacity), `auto`
        // sends no MaxPrice, and the image's imds_support makes IMDSv2 required.
        var spot = await kiln.RunInstanceAsync(new InstanceRequest(image, "t3.micro", credential, new SshRuleId(group), tags)
        {
            Ec2 = new Ec2Launch { Spot = new SpotRequest(null, ["t3.small", "t3.micro"], new Dictionary<string, string> { ["purpose"] = "build" }) },
        }, CancellationToken.None);
        var spotDescribed = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [spot.Value] }))
            .Reservations.Single().Instances.Single();
        Assert.Equal("spot", spotDescribed.InstanceLifecycle?.Value);
        Assert.Equal("t3.small", spotDescribed.InstanceType?.Value);
        Assert.Equal("required", spotDescribed.MetadataOptions.HttpTokens?.Value);
        Assert.False(spotDescribed.EnaSupport);
        var requestId = spotDescribed.SpotInstanceRequestId;
        var request = (await aws.Ec2Async("describe-spot-instance-requests", "--spot-instance-request-ids", requestId))
            .GetProperty("SpotInstanceRequests")[0];
        Assert.Equal(("active", "one-time", spot.Value), (request.GetProperty("State").GetString(), request.GetProperty("Type").GetString(),
            request.GetProperty("InstanceId").GetString()));
        Assert.False(request.TryGetProperty("SpotPrice", out _));
        Assert.Equal("build", TagsOf(request)["purpose"]);
        Assert.Equal("kiln-run-options", TagsOf(request)[KilnTags.RunId]);
        var stop = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.StopInstancesAsync(new StopInstancesRequest([spot.Value])));
        Assert.Equal("UnsupportedOperation", stop.ErrorCode);

        await kiln.TerminateInstanceAsync(onDemand, CancellationToken.None);
        await kiln.TerminateInstanceAsync(spot, CancellationToken.None);
        var closed = await ec2.DescribeSpotInstanceRequestsAsync(new DescribeSpotInstanceRequestsRequest { SpotInstanceRequestIds = [requestId] });
        Assert.Equal("closed", closed.SpotInstanceRequests.Single().State?.Value);
        await kiln.RemoveImageAsync(image, [], CancellationToken.None);
        await kiln.DeleteSecurityGroupAsync(new SecurityGroupId(group), CancellationToken.None);
        await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = "build-options" });
        output.WriteLine($"build instance options: {clock.Elapsed.TotalSeconds:F1} s");
    }

    public static TheoryData<string, Action<RunInstancesRequest>> BadOptions => new()
    {
        { "InvalidParameterValue", r => r.MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = "always" } },
        { "InvalidParameterValue", r => r.MetadataOptions = new InstanceMetadataOptionsRequest { HttpPutResponseHopLimit = 65 } },
        { "InvalidParameterValue", r => r.IamInstanceProfile = new IamInstanceProfileSpecification { Name = "has space" } },
        { "InvalidParameterCombination", r => r.CreditSpecification = new CreditSpecificationRequest { CpuCredits = "unlimited" } },
        { "InvalidSubnetID.NotFound", r => r.SubnetId = "subnet-0000000000000000f" },
        { "InvalidParameterValue", r => r.InstanceMarketOptions = new InstanceMarketOptionsRequest
            { MarketType = "spot", SpotOptions = new SpotMarketOptions { MaxPrice = "cheap" } } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_launch_options_are_refused_before_an_instance_exists(string error, Action<RunInstancesRequest> bad)
    {
        var request = new RunInstancesRequest
        {
            ImageId = cloud.BaseImageId, InstanceType = "m5.large", MinCount = 1, MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = "instance", Tags = [new Tag("refused", "yes")] }],
        };
        bad(request);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.RunInstancesAsync(request));
        Assert.Equal(error, e.ErrorCode);
        var none = await cloud.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag:refused", ["yes"])] });
        Assert.Empty(none.Reservations ?? []);
    }

    private static async Task<JsonElement> InstanceAsync(AwsCli aws, InstanceId id) =>
        (await aws.Ec2Async("describe-instances", "--instance-ids", id.Value)).GetProperty("Reservations")[0].GetProperty("Instances")[0];

    private static Dictionary<string, string> TagsOf(JsonElement resource) =>
        resource.GetProperty("Tags").EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);
}
