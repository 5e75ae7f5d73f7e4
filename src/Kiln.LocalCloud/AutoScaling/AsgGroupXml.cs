using System.Xml.Linq;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.AutoScaling.AsgXml;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>An `AutoScalingGroup` member of DescribeAutoScalingGroups, in the order AWS's reference shows.</summary>
public static class AsgGroupXml
{
    public static XElement Group(AutoScalingGroupRecord g, IReadOnlyDictionary<string, string> instanceTypes) => E("member",
        E("AutoScalingGroupName", g.Id),
        E("AutoScalingGroupARN", g.Arn),
        Template(g.LaunchTemplate, g.LaunchTemplate.Version),
        E("MinSize", g.MinSize),
        E("MaxSize", g.MaxSize),
        E("DesiredCapacity", g.DesiredCapacity),
        E("DefaultCooldown", 300),
        Members("AvailabilityZones", g.Zones),
        Members("LoadBalancerNames", []),
        Members("TargetGroupARNs", g.TargetGroupArns),
        E("HealthCheckType", g.HealthCheckType),
        E("HealthCheckGracePeriod", g.HealthCheckGracePeriod),
        Members("Instances", g.Members.Select(m => (object?)new object?[]
        {
            E("InstanceId", m.InstanceId),
            E("InstanceType", instanceTypes.GetValueOrDefault(m.InstanceId, "t2.micro")),
            E("AvailabilityZone", m.Zone),
            E("LifecycleState", m.LifecycleState),
            E("HealthStatus", m.HealthStatus),
            Template(g.LaunchTemplate, m.TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            E("ProtectedFromScaleIn", false),
        })),
        E("CreatedTime", g.Created),
        Members("SuspendedProcesses", []),
        E("VPCZoneIdentifier", LocalAccount.SubnetId),
        Members("EnabledMetrics", []),
        Members("Tags", g.Tags.Select(t => (object?)new object?[]
        {
            E("ResourceId", g.Id), E("ResourceType", "auto-scaling-group"), E("Key", t.Key), E("Value", t.Value),
            E("PropagateAtLaunch", t.PropagateAtLaunch),
        })),
        Members("TerminationPolicies", ["Default"]),
        E("NewInstancesProtectedFromScaleIn", false),
        Opt("Status", g.Status));

    private static XElement Template(AsgLaunchTemplate t, string version) =>
        E("LaunchTemplate", E("LaunchTemplateId", t.Id), E("LaunchTemplateName", t.Name), E("Version", version));
}
