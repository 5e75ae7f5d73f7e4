using Kiln.Aws.AutoScaling;
using Kiln.Aws.Tests.Fakes;
using Kiln.Core;
using Kiln.Core.Cloud;

namespace Kiln.Aws.Tests;

/// <summary>The Auto Scaling Query client: request encoding (`LaunchTemplate.LaunchTemplateId`, `TargetGroupARNs.member.1`,
/// `Tags.member.1.Key`, …) and parsing of AWS's XML.</summary>
public sealed class AutoScalingClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Tg = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/73e2d6bc24d8a067";

    [Fact]
    public async Task CreateAutoScalingGroup_EncodesEveryParameter()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "CreateAutoScalingGroup", "", c =>
        {
            Assert.Equal("web-v002", c["AutoScalingGroupName"]);
            Assert.Equal("lt-0b97f1e282EXAMPLE", c["LaunchTemplate.LaunchTemplateId"]);
            Assert.Null(c.Get("LaunchTemplate.LaunchTemplateName"));
            Assert.Equal("3", c["LaunchTemplate.Version"]);
            Assert.Equal(("1", "4", "2"), (c["MinSize"], c["MaxSize"], c["DesiredCapacity"]));
            Assert.Equal(Tg, c["TargetGroupARNs.member.1"]);
            Assert.Equal("subnet-1,subnet-2", c["VPCZoneIdentifier"]);
            Assert.Equal("ELB", c["HealthCheckType"]);
            Assert.Equal("120", c["HealthCheckGracePeriod"]);
            Assert.Equal("web-v002", c["Tags.member.1.ResourceId"]);
            Assert.Equal("auto-scaling-group", c["Tags.member.1.ResourceType"]);
            Assert.Equal("kiln:image", c["Tags.member.1.Key"]);
            Assert.Equal("ami-1", c["Tags.member.1.Value"]);
            Assert.Equal("true", c["Tags.member.1.PropagateAtLaunch"]);
            Assert.Equal("Name", c["Tags.member.2.Key"]);
            Assert.Equal("false", c["Tags.member.2.PropagateAtLaunch"]);
        });

        await f.Cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest("web-v002",
            LaunchTemplateRef.ById(new LaunchTemplateId("lt-0b97f1e282EXAMPLE"), "3"), 1, 4)
        {
            DesiredCapacity = 2, TargetGroupArns = [Tg], VpcZoneIdentifier = "subnet-1,subnet-2",
            HealthCheckType = "ELB", HealthCheckGracePeriod = 120,
            Tags = [new AsgTag("kiln:image", "ami-1"), new AsgTag("Name", "web", PropagateAtLaunch: false)],
        }, Ct);

        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task UpdateAutoScalingGroup_SendsOnlyWhatChanges_LaunchTemplateByName()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "UpdateAutoScalingGroup", "", c =>
        {
            Assert.Equal("web", c["LaunchTemplate.LaunchTemplateName"]);
            Assert.Equal("$Latest", c["LaunchTemplate.Version"]);
            Assert.Equal("3", c["MaxSize"]);
            Assert.Null(c.Get("MinSize"));
            Assert.Null(c.Get("DesiredCapacity"));
        });

        await f.Cloud.AutoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest("web-v002")
        {
            LaunchTemplate = LaunchTemplateRef.ByName("web"), MaxSize = 3,
        }, Ct);

        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task DescribeAutoScalingGroups_ReadsEveryPage_AndParsesInstancesTargetGroupsAndTags()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "DescribeAutoScalingGroups", AutoScalingXml.Groups("token-2",
                AutoScalingXml.Group("web-v002",
                    instances: AutoScalingXml.Instance("i-0f6e8f3f1f5example") + AutoScalingXml.Instance("i-1", "Pending", "Unhealthy", "2"),
                    targetGroups: $"<member>{Tg}</member>",
                    tags: "<member><ResourceId>web-v002</ResourceId><PropagateAtLaunch>true</PropagateAtLaunch><Value>production</Value><Key>environment</Key><ResourceType>auto-scaling-group</ResourceType></member>")),
                c =>
                {
                    Assert.Equal("web-v002", c["AutoScalingGroupNames.member.1"]);
                    Assert.Equal("web-v003", c["AutoScalingGroupNames.member.2"]);
                    Assert.Null(c.Get("NextToken"));
                })
            .Expect("autoscaling", "DescribeAutoScalingGroups", AutoScalingXml.Groups(null, AutoScalingXml.Group("web-v003")),
                c => Assert.Equal("token-2", c["NextToken"]));

        var groups = await f.Cloud.AutoScaling.DescribeAutoScalingGroupsAsync(["web-v002", "web-v003"], Ct);

        Assert.Equal(["web-v002", "web-v003"], groups.Select(g => g.Name));
        var g = groups[0];
        Assert.Equal(new LaunchTemplateRef("lt-0b97f1e282EXAMPLE", "web", "3"), g.LaunchTemplate);
        Assert.Equal((1, 5, 2), (g.MinSize, g.MaxSize, g.DesiredCapacity));
        Assert.Equal("ELB", g.HealthCheckType);
        Assert.Equal(300, g.HealthCheckGracePeriod);
        Assert.Equal([Tg], g.TargetGroupArns);
        Assert.Equal(new AsgTag("environment", "production", true), Assert.Single(g.Tags));
        Assert.Equal(new DateTimeOffset(2019, 3, 18, 23, 30, 42, 611, TimeSpan.Zero), g.Created);
        Assert.StartsWith("arn:aws:autoscaling:", g.Arn);
        Assert.Equal(2, g.Instances.Count);
        Assert.Equal(new AsgInstance(new InstanceId("i-0f6e8f3f1f5example"), "InService", "Healthy",
            new LaunchTemplateRef("lt-0b97f1e282EXAMPLE", "web", "3"), null, "ap-northeast-1a", false), g.Instances[0]);
        Assert.Equal(("Pending", "Unhealthy", "2"), (g.Instances[1].LifecycleState, g.Instances[1].HealthStatus, g.Instances[1].LaunchTemplate?.Version));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task GetAutoScalingGroup_IsNullForAnUnknownName()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "DescribeAutoScalingGroups", AutoScalingXml.Groups(null));

        Assert.Null(await f.Cloud.AutoScaling.GetAutoScalingGroupAsync("nope", Ct));
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task CapacityTargetGroupsAndTags_EncodeAsAwsExpects()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "SetDesiredCapacity", "", c =>
            {
                Assert.Equal(("web", "4", "false"), (c["AutoScalingGroupName"], c["DesiredCapacity"], c["HonorCooldown"]));
            })
            .Expect("autoscaling", "AttachLoadBalancerTargetGroups", "", c =>
            {
                Assert.Equal(Tg, c["TargetGroupARNs.member.1"]);
                Assert.Equal(Tg + "2", c["TargetGroupARNs.member.2"]);
            })
            .Expect("autoscaling", "DetachLoadBalancerTargetGroups", "", c => Assert.Equal(Tg, c["TargetGroupARNs.member.1"]))
            .Expect("autoscaling", "CreateOrUpdateTags", "", c =>
            {
                Assert.Equal("web", c["Tags.member.1.ResourceId"]);
                Assert.Equal("auto-scaling-group", c["Tags.member.1.ResourceType"]);
                Assert.Equal(("kiln:color", "blue"), (c["Tags.member.1.Key"], c["Tags.member.1.Value"]));
            })
            .Expect("autoscaling", "DeleteAutoScalingGroup", "", c => Assert.Equal(("web", "true"), (c["AutoScalingGroupName"], c["ForceDelete"])));

        var asg = f.Cloud.AutoScaling;
        await asg.SetDesiredCapacityAsync("web", 4, honorCooldown: false, Ct);
        await asg.AttachLoadBalancerTargetGroupsAsync("web", [Tg, Tg + "2"], Ct);
        await asg.DetachLoadBalancerTargetGroupsAsync("web", [Tg], Ct);
        await asg.CreateOrUpdateTagsAsync("web", [new AsgTag("kiln:color", "blue")], Ct);
        await asg.DeleteAutoScalingGroupAsync("web", forceDelete: true, Ct);

        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task InstanceRefresh_StartsWithPreferences_AndIsDescribed()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "StartInstanceRefresh", "<InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>", c =>
            {
                Assert.Equal("Rolling", c["Strategy"]);
                Assert.Equal("90", c["Preferences.MinHealthyPercentage"]);
                Assert.Equal("60", c["Preferences.InstanceWarmup"]);
            })
            .Expect("autoscaling", "DescribeInstanceRefreshes", """
                <InstanceRefreshes><member>
                  <PercentageComplete>50</PercentageComplete><AutoScalingGroupName>web</AutoScalingGroupName>
                  <InstancesToUpdate>1</InstancesToUpdate><Status>InProgress</Status><StatusReason>Waiting for instances to warm up</StatusReason>
                  <StartTime>2020-06-02T18:11:27Z</StartTime><InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>
                </member></InstanceRefreshes>
                """, c => Assert.Equal("08b91cf7-8fa6-48af-b6a6-d227f40f1b9b", c["InstanceRefreshIds.member.1"]));

        var id = await f.Cloud.AutoScaling.StartInstanceRefreshAsync("web", new InstanceRefreshPreferences(90, 60), Ct);
        var refresh = Assert.Single(await f.Cloud.AutoScaling.DescribeInstanceRefreshesAsync("web", [id], Ct));

        Assert.Equal(new InstanceRefresh(id, "web", "InProgress", "Waiting for instances to warm up", 50, 1,
            new DateTimeOffset(2020, 6, 2, 18, 11, 27, TimeSpan.Zero), null), refresh);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task Errors_CarryAutoScalingsCode_AndDeletingAMissingGroupSucceeds()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.ExpectError("autoscaling", "CreateAutoScalingGroup", "AlreadyExists", 400, "AutoScalingGroup by this name already exists - A group with the name web already exists")
            .ExpectError("autoscaling", "DeleteAutoScalingGroup", "ValidationError", 400, "AutoScalingGroup name not found - AutoScalingGroup web not found");

        var e = await Assert.ThrowsAsync<CloudException>(() => f.Cloud.AutoScaling.CreateAutoScalingGroupAsync(
            new CreateAutoScalingGroupRequest("web", LaunchTemplateRef.ByName("web"), 1, 1), Ct));
        await f.Cloud.AutoScaling.DeleteAutoScalingGroupAsync("web", forceDelete: false, Ct);

        Assert.Equal("AlreadyExists", e.Code);
        Assert.Contains("already exists", e.Message);
        f.Fake.VerifyDone();
    }

    [Fact]
    public async Task DescribeLaunchConfigurations_MapsNamesToImages()
    {
        await using var f = await FakeCloud.StartAsync();
        f.Fake.Expect("autoscaling", "DescribeLaunchConfigurations", """
            <LaunchConfigurations><member>
              <LaunchConfigurationName>hoge-prd-api-20180301</LaunchConfigurationName><ImageId>ami-0528a5175983e7f28</ImageId>
              <InstanceType>t2.micro</InstanceType><CreatedTime>2018-03-01T12:34:56.000Z</CreatedTime><SecurityGroups/><BlockDeviceMappings/>
            </member></LaunchConfigurations>
            """, c => Assert.Equal("hoge-prd-api-20180301", c["LaunchConfigurationNames.member.1"]));

        var configs = await f.Cloud.AutoScaling.DescribeLaunchConfigurationsAsync(["hoge-prd-api-20180301"], Ct);

        Assert.Equal(new LaunchConfiguration("hoge-prd-api-20180301", new ImageId("ami-0528a5175983e7f28")), Assert.Single(configs));
        f.Fake.VerifyDone();
    }
}
