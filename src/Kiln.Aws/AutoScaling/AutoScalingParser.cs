using System.Xml.Linq;
using Kiln.Aws.Query;
using Kiln.Core;

namespace Kiln.Aws.AutoScaling;

/// <summary>Auto Scaling XML (namespace http://autoscaling.amazonaws.com/doc/2011-01-01/) to typed records.</summary>
internal static class AutoScalingParser
{
    public static AutoScalingGroup Group(XElement g) => new(
        g.Req("AutoScalingGroupName"), g.Str("AutoScalingGroupARN"), LaunchTemplate(g.Child("LaunchTemplate")),
        g.Str("LaunchConfigurationName"), g.Int("MinSize") ?? 0, g.Int("MaxSize") ?? 0, g.Int("DesiredCapacity") ?? 0,
        g.Members("Instances").Select(Instance).ToList(), g.Strings("TargetGroupARNs"),
        g.Members("Tags").Select(Tag).ToList(), g.Str("HealthCheckType"), g.Int("HealthCheckGracePeriod"),
        g.Str("VPCZoneIdentifier"), g.Str("Status"), g.Time("CreatedTime"),
        LaunchTemplate(g.Child("MixedInstancesPolicy")?.Child("LaunchTemplate")?.Child("LaunchTemplateSpecification")));

    public static AsgInstance Instance(XElement i) => new(
        new InstanceId(i.Req("InstanceId")), i.Str("LifecycleState") ?? "", i.Str("HealthStatus") ?? "",
        LaunchTemplate(i.Child("LaunchTemplate")), i.Str("LaunchConfigurationName"), i.Str("AvailabilityZone"),
        i.Bool("ProtectedFromScaleIn") ?? false);

    public static LaunchTemplateRef? LaunchTemplate(XElement? t) =>
        t is null ? null : new LaunchTemplateRef(t.Str("LaunchTemplateId"), t.Str("LaunchTemplateName"), t.Str("Version"));

    public static AsgTag Tag(XElement t) => new(t.Req("Key"), t.Str("Value") ?? "", t.Bool("PropagateAtLaunch") ?? false);

    public static InstanceRefresh Refresh(XElement r) => new(
        r.Req("InstanceRefreshId"), r.Str("AutoScalingGroupName") ?? "", r.Str("Status") ?? "", r.Str("StatusReason"),
        r.Int("PercentageComplete"), r.Int("InstancesToUpdate"), r.Time("StartTime"), r.Time("EndTime"));

    public static LaunchConfiguration LaunchConfiguration(XElement c) =>
        new(c.Req("LaunchConfigurationName"), new ImageId(c.Str("ImageId") ?? ""));
}
