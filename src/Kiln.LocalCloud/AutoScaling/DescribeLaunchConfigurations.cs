using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.AutoScaling.AsgXml;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>The local cloud has no launch configurations (AWS no longer lets new accounts create them; Kiln uses launch
/// templates): the list is always empty, so retention's check of them answers without error.</summary>
public static class DescribeLaunchConfigurations
{
    public static Ec2Result Handle(Ec2Call call) => Ec2Result.Of(E("LaunchConfigurations"));
}
