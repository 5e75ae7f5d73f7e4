using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.LocalCloud.Podman;
using Xunit.Abstractions;

namespace Kiln.LocalCloud.Tests.Integration;

/// <summary>A stopped instance is a halted machine (its processes frozen, its disk as it was); a start boots it again,
/// as EC2's stop and start do: what ran before the stop is gone, what was written stays, sshd answers anew.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class StopStartTests(LocalCloudFixture cloud, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_stopped_instance_is_frozen_and_its_start_is_a_boot_that_keeps_the_disk()
    {
        var ec2 = cloud.Ec2;
        var key = (await ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "stop-start" })).KeyPair;
        var keyFile = cloud.WriteKey("stop-start", key.KeyMaterial);
        var group = await ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest("stop-start", "stop and start"));
        await ec2.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = group.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }],
        });
        var instance = await Ec2SdkCycleTests.RunAsync(ec2, cloud.BaseImageId, key.KeyName, group.GroupId, userData: null);
        var address = instance.PublicIpAddress;
        var container = cloud.Layout.ContainerName(instance.InstanceId);
        try
        {
            // A process left running and a file written before the stop.
            var before = await Ssh.WhenReadyAsync(address, keyFile,
                "echo kept | sudo tee /etc/stop-start-marker >/dev/null && (setsid sleep 600 >/dev/null 2>&1 &) && pgrep -x sleep");
            Assert.True(before.Ok, before.Stderr);

            var timer = Stopwatch.StartNew();
            await ec2.StopInstancesAsync(new StopInstancesRequest([instance.InstanceId]));
            var stopTook = timer.Elapsed;
            Assert.Equal(InstanceStateName.Stopped, (await Ec2SdkCycleTests.DescribeAsync(ec2, instance.InstanceId)).State.Name);
            Assert.Equal("paused", await new PodmanClient().ContainerStateAsync(container, None));
            output.WriteLine($"StopInstances answered in {stopTook.TotalMilliseconds:F0} ms");

            timer.Restart();
            await ec2.StartInstancesAsync(new StartInstancesRequest([instance.InstanceId]));
            output.WriteLine($"StartInstances answered in {timer.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(InstanceStateName.Running, (await Ec2SdkCycleTests.DescribeAsync(ec2, instance.InstanceId)).State.Name);
            Assert.Equal("running", await new PodmanClient().ContainerStateAsync(container, None));

            // A boot, not a thaw: the sleep is gone; the disk kept the file; the same address answers.
            var after = await Ssh.WhenReadyAsync(address, keyFile, "cat /etc/stop-start-marker; pgrep -x sleep || echo no-sleep");
            Assert.True(after.Ok, after.Stderr);
            Assert.Equal(["kept", "no-sleep"], after.Stdout.Trim().Split('\n'));
        }
        finally
        {
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest([instance.InstanceId]));
            await ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId });
            await ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = key.KeyName });
        }
        Assert.Null(await new PodmanClient().ContainerStateAsync(container, None));
    }
}
