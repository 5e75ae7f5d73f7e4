using Kiln.Aws.AutoScaling;
using Kiln.Core.Cloud;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.AutoScaling;

[Collection(LocalCloudCollection.Name)]
public sealed class GroupLifecycleTests(LocalCloudFixture cloud)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_group_keeps_its_capacity_serves_through_its_target_group_and_replaces_a_dead_instance()
    {
        using var aws = AsgCloud.For(cloud);
        var (template, tg, port) = await WebGroup.CreateAsync(aws, cloud, "fleet");
        await aws.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest("fleet", LaunchTemplateRef.ById(new(template)), 0, 4)
        {
            DesiredCapacity = 2, TargetGroupArns = [tg.Arn], Tags = [new AsgTag("team", "web")],
        }, None);

        var healthy = await WebGroup.EventuallyAsync(() => aws.ElbV2.DescribeTargetHealthAsync(tg.Arn, None),
            t => t.Count(x => x.IsHealthy) == 2, TimeSpan.FromSeconds(60), "two healthy targets");
        Assert.Equal(await WebGroup.GetAsync(port), cloud.BaseImageId);
        var group = await aws.AutoScaling.GetAutoScalingGroupAsync("fleet", None);
        Assert.All(group!.Instances, i => Assert.Equal("InService", i.LifecycleState));
        var instance = await aws.GetInstanceAsync(group.Instances[0].Id, None);
        Assert.Equal("fleet", instance!.Tags["aws:autoscaling:groupName"]);
        Assert.Equal("web", instance.Tags["team"]);

        // A container that dies is noticed and replaced.
        var victim = group.Instances[0].Id;
        await new PodmanClient().RemoveContainerAsync(cloud.Layout.ContainerName(victim.Value), None);
        await WebGroup.EventuallyAsync(() => aws.AutoScaling.GetAutoScalingGroupAsync("fleet", None),
            g => g!.Instances.Count(i => i.LifecycleState == "InService") == 2 && g.Instances.All(i => i.Id != victim),
            TimeSpan.FromSeconds(60), "a replacement in service");
        Assert.Equal(cloud.BaseImageId, await WebGroup.GetAsync(port));

        // Refused while it has instances; ForceDelete terminates them and then removes the group.
        var inUse = await Assert.ThrowsAsync<CloudException>(() => aws.AutoScaling.Transport.CallAsync(
            aws.AutoScaling.Transport.NewForm("DeleteAutoScalingGroup").Add("AutoScalingGroupName", "fleet"), None));
        Assert.Equal("ResourceInUse", inUse.Code);
        await aws.AutoScaling.DeleteAutoScalingGroupAsync("fleet", forceDelete: true, None);
        await WebGroup.EventuallyAsync(() => aws.AutoScaling.DescribeAutoScalingGroupsAsync(["fleet"], None),
            g => g.Count == 0, TimeSpan.FromSeconds(60), "the group gone");
        var left = await aws.FindInstancesByTagAsync("aws:autoscaling:groupName", "fleet", None);
        Assert.All(left, i => Assert.Equal(InstanceState.Terminated, i.State));
    }

    [Fact]
    public async Task Bad_requests_answer_with_Auto_Scaling_error_codes()
    {
        using var aws = AsgCloud.For(cloud);
        async Task<string> Code(Func<Task> call) => (await Assert.ThrowsAsync<CloudException>(call)).Code;
        Assert.Equal("ValidationError", await Code(() => aws.AutoScaling.SetDesiredCapacityAsync("nope", 1, false, None)));
        Assert.Equal("ValidationError", await Code(() => aws.AutoScaling.CreateAutoScalingGroupAsync(
            new CreateAutoScalingGroupRequest("bad", LaunchTemplateRef.ById(new("lt-0123456789abcdef0")), 0, 1), None)));
        Assert.Equal("TargetGroupNotFound", await Code(() => aws.ElbV2.DescribeTargetGroupsAsync(["nope"], null, None)));
        await aws.AutoScaling.DeleteAutoScalingGroupAsync("never-made", false, None); // idempotent in Kiln's client
    }
}
