using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>Every Auto Scaling action the local cloud answers; anything else is InvalidAction.</summary>
public static class AutoScalingActions
{
    public static QueryApi Api() => AsgXml.Api(new ActionTable()
        .Add("CreateAutoScalingGroup", CreateAutoScalingGroup.Handle)
        .Add("UpdateAutoScalingGroup", UpdateAutoScalingGroup.Handle)
        .Add("DescribeAutoScalingGroups", DescribeAutoScalingGroups.Handle)
        .Add("SetDesiredCapacity", SetDesiredCapacity.Handle)
        .Add("DeleteAutoScalingGroup", DeleteAutoScalingGroup.Handle)
        .Add("AttachLoadBalancerTargetGroups", TargetGroupAttachments.Attach)
        .Add("DetachLoadBalancerTargetGroups", TargetGroupAttachments.Detach)
        .Add("CreateOrUpdateTags", CreateOrUpdateTags.Handle)
        .Add("StartInstanceRefresh", StartInstanceRefresh.Handle)
        .Add("DescribeInstanceRefreshes", DescribeInstanceRefreshes.Handle)
        .Add("DescribeLaunchConfigurations", DescribeLaunchConfigurations.Handle));
}
