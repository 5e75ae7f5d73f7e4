using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.AutoScaling.AsgXml;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>DescribeInstanceRefreshes of one group, newest first, optionally only the given ids.</summary>
public static class DescribeInstanceRefreshes
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        var ids = p.List("InstanceRefreshIds.member");
        var refreshes = call.Cloud.State.Read(tx => tx.All<InstanceRefreshRecord>(nameGlobs: [name]))
            .Where(r => r.GroupName == name && (ids.Count == 0 || ids.Contains(r.Id)))
            .OrderByDescending(r => r.Created).ToList();
        return Ec2Result.Of(Members("InstanceRefreshes", refreshes.Select(r => (object?)new object?[]
        {
            E("InstanceRefreshId", r.Id),
            E("AutoScalingGroupName", r.GroupName),
            E("Status", r.Status),
            Opt("StatusReason", r.StatusReason),
            E("StartTime", r.Created),
            Opt("EndTime", r.EndTime),
            E("PercentageComplete", r.InstancesToUpdate == 0 ? (r.Status == "Successful" ? 100 : 0) : Math.Min(100, 100 * r.Replaced / r.InstancesToUpdate)),
            E("InstancesToUpdate", Math.Max(0, r.InstancesToUpdate - r.Replaced)),
            E("Preferences", E("MinHealthyPercentage", r.MinHealthyPercentage), E("InstanceWarmup", r.InstanceWarmup)),
        })));
    }
}
