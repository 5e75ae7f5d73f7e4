using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>Every Elastic Load Balancing v2 action the local cloud answers; anything else is InvalidAction.</summary>
public static class ElbV2Actions
{
    public static QueryApi Api() => new("elasticloadbalancing", ElbXml.Ns, new ActionTable()
        .Add("CreateTargetGroup", CreateTargetGroup.Handle)
        .Add("DescribeTargetGroups", DescribeTargetGroups.Handle)
        .Add("DescribeTargetHealth", DescribeTargetHealth.Handle)
        .Add("DeleteTargetGroup", DeleteTargetGroup.Handle), Ec2Shape: false);
}
