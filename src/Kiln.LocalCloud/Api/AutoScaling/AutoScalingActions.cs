using System.Xml.Linq;
using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.AutoScaling;

/// <summary>
/// The Auto Scaling Query API (signed for `autoscaling`). Groups come with the deploy work; until then no group or
/// launch configuration can exist, and the two describe calls say so truthfully (retention asks them which images
/// are in use). Every other Auto Scaling action answers InvalidAction.
/// </summary>
public static class AutoScalingActions
{
    public static readonly XNamespace Ns = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    public static QueryApi Api() => new("autoscaling", Ns, new ActionTable()
        .Add("DescribeAutoScalingGroups", _ => Ec2Result.Of(E("AutoScalingGroups")))
        .Add("DescribeLaunchConfigurations", _ => Ec2Result.Of(E("LaunchConfigurations"))), Ec2Shape: false);
}
