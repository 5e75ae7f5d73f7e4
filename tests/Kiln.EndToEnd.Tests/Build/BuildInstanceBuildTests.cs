using System.Text.Json;
using Kiln.EndToEnd.Tests.Bake;
using Kiln.EndToEnd.Tests.Cloud;

namespace Kiln.EndToEnd.Tests.Build;

/// <summary>amazon-ebs's build-instance options from a real-world style template: a spot build instance with IMDSv2
/// required and an instance profile, its spot request tagged, and an image that requires IMDSv2; it logs in with the
/// team's existing key pair (imported with the AWS CLI, neither made nor deleted by the build), in the subnet and VPC
/// that subnet_filter and vpc_filter pick; built with `kiln build`
/// on the local cloud, then checked with the real AWS CLI.</summary>
[Collection(BuildCollection.Name)]
public sealed class BuildInstanceBuildTests(CliCloudFixture cloud)
{
    private const string Template = """
        {"variables": {"name": null, "source_ami": null, "key_pair": null},
         "builders": [{
           "type": "amazon-ebs", "region": "ap-northeast-1", "source_ami": "{{user `source_ami`}}", "ssh_username": "ec2-user",
           "ami_name": "{{user `name`}}", "spot_price": "auto", "spot_price_auto_product": "Linux/UNIX",
           "spot_instance_types": ["t3.micro", "t3a.micro"], "spot_tags": {"Purpose": "image-build"},
           "iam_instance_profile": "packer-builder", "skip_profile_validation": true,
           "metadata_options": {"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 2},
           "imds_support": "v2.0", "run_volume_tags": {"Team": "infra"}, "run_tags": {"Name": "spot builder"},
           "ssh_keypair_name": "{{user `key_pair`}}", "ssh_private_key_file": "builder-key",
           "vpc_filter": {"filters": {"isDefault": "true"}},
           "subnet_filter": {"filters": {"cidr-block": "127.77.128.0/18"}, "most_free": true}
         }],
         "post-processors": ["manifest"]}
        """;

    [Fact]
    public async Task A_spot_build_instance_with_IMDSv2_and_a_profile_is_what_the_aws_cli_sees()
    {
        var dir = Path.Combine(cloud.Home, "trees", $"build-instance-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "template.json"), Template);
        var name = $"e2e-spot-{Guid.NewGuid().ToString("N")[..8]}";
        await using var keyPair = await ImportedKeyPair.CreateAsync(cloud.Ec2, dir);

        // A key pair the cloud does not know is bad input, found before anything is made.
        var unknown = await cloud.Kiln.RunAsync(["build", "-var", $"name={name}", "-var", $"source_ami={cloud.BaseImageId}",
            "-var", "key_pair=no-such-key", "template.json"], dir, BakeRun.Budget);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Matches(@"template\.json:\d+:\d+: builders\[0\]\.ssh_keypair_name: key pair 'no-such-key' does not exist", unknown.Stderr);

        var build = await cloud.Kiln.RunAsync(["build", "-var", $"name={name}", "-var", $"source_ami={cloud.BaseImageId}",
            "-var", $"key_pair={keyPair.Name}", "template.json"], dir, BakeRun.Budget);
        Assert.True(build.ExitCode == 0, build.ToString());
        var artifact = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "packer-manifest.json"))).RootElement
            .GetProperty("builds")[0].GetProperty("artifact_id").GetString()!;
        var imageId = artifact.Split(':')[1];

        var aws = await AwsCli.ForAsync(cloud);
        var image = (await aws.MustAsync(cloud.Region, "describe-images", "--image-ids", imageId)).GetProperty("Images")[0];
        Assert.Equal("v2.0", image.GetProperty("ImdsSupport").GetString());
        var run = image.GetProperty("Tags").EnumerateArray().Single(t => t.GetProperty("Key").GetString() == "kiln:run-id")
            .GetProperty("Value").GetString()!;

        // The build instance (terminated now, still described for an hour, as by EC2), in the subnet subnet_filter
        // chose (the local cloud's third zone's: its subnets carry no tags to filter by) and the VPC of vpc_filter (a
        // terminated instance is shown without them, as by EC2: the filters still find it there), with the team's key pair.
        var subnet = (await cloud.Ec2.DescribeSubnetsAsync(new Amazon.EC2.Model.DescribeSubnetsRequest
        {
            Filters = [new Amazon.EC2.Model.Filter("cidr-block", ["127.77.128.0/18"])],
        })).Subnets.Single();
        var instance = (await aws.MustAsync(cloud.Region, "describe-instances", "--filters", $"Name=tag:kiln:run-id,Values={run}",
                $"Name=subnet-id,Values={subnet.SubnetId}", $"Name=vpc-id,Values={subnet.VpcId}", $"Name=key-name,Values={keyPair.Name}"))
            .GetProperty("Reservations")[0].GetProperty("Instances")[0];
        Assert.Equal(subnet.AvailabilityZone, instance.GetProperty("Placement").GetProperty("AvailabilityZone").GetString());
        Assert.Equal("terminated", instance.GetProperty("State").GetProperty("Name").GetString());
        Assert.Equal("spot", instance.GetProperty("InstanceLifecycle").GetString());
        Assert.Equal("t3.micro", instance.GetProperty("InstanceType").GetString());
        Assert.Equal("arn:aws:iam::123456789012:instance-profile/packer-builder",
            instance.GetProperty("IamInstanceProfile").GetProperty("Arn").GetString());
        var metadata = instance.GetProperty("MetadataOptions");
        Assert.Equal(("required", 2), (metadata.GetProperty("HttpTokens").GetString(), metadata.GetProperty("HttpPutResponseHopLimit").GetInt32()));
        // The team's key pair is still there, and no key pair of the run's was made.
        Assert.True(await keyPair.ExistsAsync());
        Assert.Empty((await cloud.Ec2.DescribeKeyPairsAsync(new Amazon.EC2.Model.DescribeKeyPairsRequest
        {
            Filters = [new Amazon.EC2.Model.Filter("tag:kiln:run-id", [run])],
        })).KeyPairs ?? []);

        var request = (await aws.MustAsync(cloud.Region, "describe-spot-instance-requests", "--spot-instance-request-ids",
            instance.GetProperty("SpotInstanceRequestId").GetString()!)).GetProperty("SpotInstanceRequests")[0];
        Assert.Equal("closed", request.GetProperty("State").GetString());
        var requestTags = request.GetProperty("Tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);
        Assert.Equal(("image-build", run), (requestTags["Purpose"], requestTags["kiln:run-id"]));
    }
}
