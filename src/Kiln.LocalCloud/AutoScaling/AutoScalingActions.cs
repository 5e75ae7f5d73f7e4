using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>Every Auto Scaling action the local cloud answers; anything else is InvalidAction.</summary>
public static class AutoScalingActions
{
    public static QueryApi Api() => AsgXml.Api(new ActionTable()
        .Add("DescribeAutoScalingGroups", DescribeAutoScalingGroups.Handle)
        .Add("DescribeLaunchConfigurations", DescribeLaunchConfigurations.Handle));
}
