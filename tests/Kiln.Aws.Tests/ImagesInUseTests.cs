using Kiln.Aws.Tests.Fakes;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

public sealed class ImagesInUseTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ImagesInUse_NamesInstancesLaunchTemplateVersionsAndAutoScalingGroups()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-0a", image: "ami-instance"), Ec2Xml.Instance("i-0b", "stopped", image: "ami-instance")), c =>
            {
                Assert.Equal("instance-state-name", c["Filter.1.Name"]);
                Assert.Equal(["pending", "running", "shutting-down", "stopping", "stopped"],
                    Enumerable.Range(1, 5).Select(i => c[$"Filter.1.Value.{i}"]));
            })
            .Expect("ec2", "DescribeLaunchTemplates", Ec2Xml.LaunchTemplates(("lt-1", "web"), ("lt-2", "batch")))
            .Expect("ec2", "DescribeLaunchTemplateVersions", Ec2Xml.LaunchTemplateVersions(
                ("lt-1", "web", 1, true, "ami-v1"), ("lt-1", "web", 2, false, "ami-v2"), ("lt-1", "web", 3, false, "ami-v3")), c =>
            {
                Assert.Equal("lt-1", c["LaunchTemplateId"]);
                Assert.Null(c.Get("LaunchTemplateVersion.1")); // no versions named: every version
            })
            .Expect("ec2", "DescribeLaunchTemplateVersions", Ec2Xml.LaunchTemplateVersions(("lt-2", "batch", 1, true, "resolve:ssm:/aws/service/ami")),
                c => Assert.Equal("lt-2", c["LaunchTemplateId"]))
            .Expect("autoscaling", "DescribeAutoScalingGroups", AutoScalingXml.Groups(null,
                AutoScalingXml.Group("web-v002", "<LaunchTemplate><LaunchTemplateId>lt-1</LaunchTemplateId><LaunchTemplateName>web</LaunchTemplateName><Version>3</Version></LaunchTemplate>"),
                AutoScalingXml.Group("web-v001", "<LaunchTemplate><LaunchTemplateId>lt-1</LaunchTemplateId><Version>$Default</Version></LaunchTemplate>"),
                AutoScalingXml.Group("legacy", "<LaunchConfigurationName>hoge-prd-api-20180301</LaunchConfigurationName>")))
            .Expect("autoscaling", "DescribeLaunchConfigurations",
                "<LaunchConfigurations><member><LaunchConfigurationName>hoge-prd-api-20180301</LaunchConfigurationName><ImageId>ami-lc</ImageId></member></LaunchConfigurations>",
                c => Assert.Equal("hoge-prd-api-20180301", c["LaunchConfigurationNames.member.1"]));

        var inUse = await f.Cloud.FindImagesInUseAsync(Ct);

        Assert.Equal("instance i-0a, instance i-0b", inUse[new ImageId("ami-instance")]);
        Assert.Equal("launch template lt-1 version 2", inUse[new ImageId("ami-v2")]);
        Assert.Equal("Auto Scaling group web-v002, launch template lt-1 version 3", inUse[new ImageId("ami-v3")]);
        Assert.Equal("Auto Scaling group web-v001, launch template lt-1 version 1", inUse[new ImageId("ami-v1")]);
        Assert.Equal("Auto Scaling group legacy", inUse[new ImageId("ami-lc")]);
        Assert.Equal(5, inUse.Count); // the ssm-resolved image id is no AMI of ours
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task ImagesInUse_FailsRatherThanAnswerPartially()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations())
            .Expect("ec2", "DescribeLaunchTemplates", Ec2Xml.LaunchTemplates())
            .ExpectError("autoscaling", "DescribeAutoScalingGroups", "AccessDenied", 403, "User is not authorized to perform: autoscaling:DescribeAutoScalingGroups");

        var e = await Assert.ThrowsAsync<CloudException>(() => f.Cloud.FindImagesInUseAsync(Ct));

        Assert.Equal("AccessDenied", e.Code);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task AnEndpointWithoutAutoScaling_HasNoGroups()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("ec2", "DescribeInstances", Ec2Xml.Reservations(Ec2Xml.Instance("i-1", image: "ami-1")))
            .Expect("ec2", "DescribeLaunchTemplates", Ec2Xml.LaunchTemplates())
            .ExpectError("autoscaling", "DescribeAutoScalingGroups", "InvalidAction", 400, "The action DescribeAutoScalingGroups is not valid for this web service.");

        var inUse = await f.Cloud.FindImagesInUseAsync(Ct);

        Assert.Equal("instance i-1", Assert.Single(inUse).Value);
        f.Fake.VerifyDone();
    }
}
