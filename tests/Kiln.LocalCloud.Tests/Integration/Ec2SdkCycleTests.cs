using System.Diagnostics;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit.Abstractions;
using Filter = Amazon.EC2.Model.Filter;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>The whole bake cycle through AWSSDK.EC2 over HTTP, with real podman and real sshd behind it.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class Ec2SdkCycleTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    [Fact]
    public async Task An_image_baked_from_a_changed_instance_carries_the_change_to_a_new_instance()
    {
        var ec2 = cloud.Ec2;
        var clock = Stopwatch.StartNew();

        var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"], Filters = [new Filter("tag:kiln:base", ["true"])],
        });
        var baseImage = Assert.Single(images.Images);
        Assert.Equal(cloud.BaseImageId, baseImage.ImageId);
        Assert.Equal(ImageState.Available, baseImage.State);

        var key = (await ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "sdk-cycle" })).KeyPair;
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", key.KeyMaterial);
        var keyFile = cloud.WriteKey("sdk-cycle", key.KeyMaterial);
        var group = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("sdk-cycle", "bake group"));
        await ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = group.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }],
        });

        var first = await RunAsync(ec2, baseImage.ImageId, key.KeyName, group.GroupId,
            userData: "#!/bin/sh\necho from-user-data > /tmp/user-data-ran\n");
        Assert.Equal(InstanceStateName.Pending, first.State.Name);
        Assert.StartsWith("127.77.", first.PublicIpAddress);
        var described = await DescribeAsync(ec2, first.InstanceId);
        Assert.Equal(InstanceStateName.Running, described.State.Name);
        Assert.Equal("bake", described.Tags?.Single(t => t.Key == "Name").Value);

        var ssh = await Ssh.WhenReadyAsync(first.PublicIpAddress, keyFile,
            "sudo true && echo baked | sudo tee /etc/kiln-marker >/dev/null && sleep 0.5 && cat /tmp/user-data-ran");
        Assert.True(ssh.Ok, ssh.Stderr);
        Assert.Equal("from-user-data", ssh.Stdout.Trim());

        var stop = await ec2.StopInstancesAsync(new StopInstancesRequest([first.InstanceId]));
        Assert.Equal(InstanceStateName.Stopping, stop.StoppingInstances[0].CurrentState.Name);
        Assert.Equal(InstanceStateName.Stopped, (await DescribeAsync(ec2, first.InstanceId)).State.Name);

        var created = await ec2.CreateImageAsync(new CreateImageRequest(first.InstanceId, "sdk-cycle-20261126-1200"));
        var baked = await WaitAvailableAsync(ec2, created.ImageId);
        var snapshot = baked.BlockDeviceMappings.Single().Ebs.SnapshotId;
        Assert.StartsWith("snap-", snapshot);

        var second = await RunAsync(ec2, baked.ImageId, key.KeyName, group.GroupId, userData: null);
        Assert.NotEqual(first.PublicIpAddress, second.PublicIpAddress);
        var marker = await Ssh.WhenReadyAsync(second.PublicIpAddress, keyFile, "cat /etc/kiln-marker");
        Assert.True(marker.Ok, marker.Stderr);
        Assert.Equal("baked", marker.Stdout.Trim());

        var terminated = await ec2.TerminateInstancesAsync(new TerminateInstancesRequest([first.InstanceId, second.InstanceId]));
        Assert.All(terminated.TerminatingInstances, t => Assert.Equal(InstanceStateName.ShuttingDown, t.CurrentState.Name));
        Assert.Equal(InstanceStateName.Terminated, (await DescribeAsync(ec2, second.InstanceId)).State.Name);

        var inUse = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest(snapshot)));
        Assert.Equal("InvalidSnapshot.InUse", inUse.ErrorCode);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest(baked.ImageId));
        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest(snapshot));
        await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
        await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = key.KeyName });

        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [baked.ImageId] }));
        Assert.Equal("InvalidAMIID.NotFound", gone.ErrorCode);
        Assert.Empty(await Podman.ContainersOf(cloud));
        output.WriteLine($"full SDK cycle: {clock.Elapsed.TotalSeconds:F1} s");
    }

    internal static async Task<Instance> RunAsync(IAmazonEC2 ec2, string image, string key, string group, string? userData)
    {
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = image, InstanceType = InstanceType.T2Micro, MinCount = 1, MaxCount = 1, KeyName = key,
            SecurityGroupIds = [group],
            UserData = userData is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [new Tag("Name", "bake")] }],
        });
        return Assert.Single(run.Reservation.Instances);
    }

    internal static async Task<Instance> DescribeAsync(IAmazonEC2 ec2, string id) =>
        (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] })).Reservations.Single().Instances.Single();

    private static async Task<Image> WaitAvailableAsync(IAmazonEC2 ec2, string id)
    {
        for (var i = 0; ; i++)
        {
            var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [id] })).Images.Single();
            if (image.State == ImageState.Available || i > 50) return image;
            await Task.Delay(200);
        }
    }
}
