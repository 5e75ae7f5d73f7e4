using Kiln.Aws.Tests.Fakes;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

/// <summary>Polling through the aws-poll pipeline, on the stepping clock.</summary>
public sealed class WaitTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task WaitForInstance_PollsUntilRunning()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "pending", publicIp: null)))
            .Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "pending", publicIp: null)))
            .Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "running")));

        var instance = await f.Cloud.WaitForInstanceAsync(new InstanceId("i-1"), InstanceState.Running, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal("54.194.252.215", instance.Address);
        Assert.Equal(TimeSpan.FromSeconds(4), f.Clock.Waited);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task WaitForInstance_TimesOut_NamingWhatItSawLast()
    {
        await using var f = await FakeCloud.StartAsync();
        for (var i = 0; i < 3; i++) f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "pending")));

        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            f.Cloud.WaitForInstanceAsync(new InstanceId("i-1"), InstanceState.Running, TimeSpan.FromSeconds(5), Ct));

        Assert.Contains("instance i-1 Running", e.Message);
        Assert.Contains("Pending", e.Message);
        Assert.Equal(TimeSpan.FromSeconds(4), f.Clock.Waited);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task WaitForInstance_FailsAtOnce_WhenTheInstanceTerminates()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", "terminated", stateReason: "Server.InternalError: Internal error on launch")));

        var e = await Assert.ThrowsAsync<CloudException>(() =>
            f.Cloud.WaitForInstanceAsync(new InstanceId("i-1"), InstanceState.Running, TimeSpan.FromMinutes(5), Ct));

        Assert.Equal("InstanceTerminated", e.Code);
        Assert.Contains("Internal error on launch", e.Message);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task WaitForImage_FailsWhenTheImageFails()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeImages", Ec2Xml.Images(null, Ec2Xml.Image("ami-1", "n", "pending")))
            .Expect("ec2", "DescribeImages", Ec2Xml.Images(null, Ec2Xml.Image("ami-1", "n", "failed")));

        var e = await Assert.ThrowsAsync<CloudException>(() => f.Cloud.WaitForImageAvailableAsync(new ImageId("ami-1"), TimeSpan.FromMinutes(30), Ct));

        Assert.Equal("ImageFailed", e.Code);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task WaitForInstanceRefresh_EndsOnATerminalStatus()
    {
        await using var f = await FakeCloud.StartAsync();
        string Refresh(string status) => $"<InstanceRefreshes><member><AutoScalingGroupName>web</AutoScalingGroupName><Status>{status}</Status><InstanceRefreshId>r-1</InstanceRefreshId></member></InstanceRefreshes>";
        f.Fake.Expect("autoscaling", "DescribeInstanceRefreshes", Refresh("InProgress"))
            .Expect("autoscaling", "DescribeInstanceRefreshes", Refresh("Successful"));

        var refresh = await f.Cloud.WaitForInstanceRefreshAsync("web", "r-1", TimeSpan.FromMinutes(30), Ct);

        Assert.Equal("Successful", refresh.Status);
        f.Fake.VerifyDone();
    }
}
