using System.Text.Json;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The bake cycle with the AWS CLI (botocore's own signing and XML parsing), an ed25519 key this time,
/// in another region than the SDK test: the local cloud accepts any region a client signs for.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class AwsCliCycleTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task The_AWS_CLI_runs_an_instance_bakes_it_and_cleans_up()
    {
        var aws = new AwsCli(cloud.Server);
        var images = await aws.Ec2Async("describe-images", "--owners", "self", "--filters", "Name=name,Values=kiln-base-debian-12-*");
        var baseImage = images.GetProperty("Images").EnumerateArray().Single();
        Assert.Equal(cloud.BaseImageId, baseImage.GetProperty("ImageId").GetString());

        var key = await aws.Ec2Async("create-key-pair", "--key-name", "cli-cycle", "--key-type", "ed25519");
        var keyFile = cloud.WriteKey("cli-cycle", key.GetProperty("KeyMaterial").GetString()!);
        var group = (await aws.Ec2Async("create-security-group", "--group-name", "cli-cycle", "--description", "cli"))
            .GetProperty("GroupId").GetString()!;
        await aws.Ec2Async("authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0");

        var first = await RunAsync(aws, cloud.BaseImageId, group);
        Assert.Equal("ap-northeast-1a", first.GetProperty("Placement").GetProperty("AvailabilityZone").GetString());
        var address = first.GetProperty("PublicIpAddress").GetString()!;
        var ssh = await Ssh.WhenReadyAsync(address, keyFile, "sudo sh -c 'echo cli > /etc/kiln-cli-marker' && sudo true && echo ok");
        Assert.True(ssh.Ok, ssh.Stderr);

        var id = first.GetProperty("InstanceId").GetString()!;
        var stop = await aws.Ec2Async("stop-instances", "--instance-ids", id);
        Assert.Equal("stopping", stop.GetProperty("StoppingInstances")[0].GetProperty("CurrentState").GetProperty("Name").GetString());
        var imageId = (await aws.Ec2Async("create-image", "--instance-id", id, "--name", "cli-cycle-20261126-1200"))
            .GetProperty("ImageId").GetString()!;
        var baked = (await aws.Ec2Async("describe-images", "--image-ids", imageId)).GetProperty("Images")[0];
        Assert.Equal("available", baked.GetProperty("State").GetString());

        var second = await RunAsync(aws, imageId, group);
        var marker = await Ssh.WhenReadyAsync(second.GetProperty("PublicIpAddress").GetString()!, keyFile, "cat /etc/kiln-cli-marker");
        Assert.Equal("cli", marker.Stdout.Trim());

        await aws.Ec2Async("terminate-instances", "--instance-ids", id, second.GetProperty("InstanceId").GetString()!);
        var listed = await aws.Ec2Async("describe-instances", "--filters", "Name=instance-state-name,Values=terminated",
            "Name=image-id,Values=" + imageId);
        Assert.Single(listed.GetProperty("Reservations").EnumerateArray());
        await aws.Ec2Async("deregister-image", "--image-id", imageId);
        var snapshot = baked.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString()!;
        await aws.Ec2Async("delete-snapshot", "--snapshot-id", snapshot);
        await aws.Ec2Async("delete-security-group", "--group-id", group);
        await aws.Ec2Async("delete-key-pair", "--key-name", "cli-cycle");
        var (code, _, stderr) = await aws.RunAsync("describe-key-pairs", "--key-names", "cli-cycle");
        Assert.NotEqual(0, code);
        Assert.Contains("InvalidKeyPair.NotFound", stderr);
    }

    private static async Task<JsonElement> RunAsync(AwsCli aws, string image, string group) =>
        (await aws.Ec2Async("run-instances", "--image-id", image, "--instance-type", "t2.micro", "--key-name", "cli-cycle",
            "--security-group-ids", group, "--count", "1")).GetProperty("Instances")[0];
}
