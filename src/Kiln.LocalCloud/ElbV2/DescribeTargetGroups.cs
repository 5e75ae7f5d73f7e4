using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.ElbV2.ElbXml;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>DescribeTargetGroups: all, or by Names / TargetGroupArns (any unknown one is TargetGroupNotFound, as on AWS).</summary>
public static class DescribeTargetGroups
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var names = p.List("Names.member");
        var arns = p.List("TargetGroupArns.member");
        var all = call.Cloud.State.Read(tx => tx.All<TargetGroupRecord>());
        var chosen = all.Where(g => (names.Count == 0 || names.Contains(g.Name)) && (arns.Count == 0 || arns.Contains(g.Id))).ToList();
        if (names.Any(n => chosen.All(g => g.Name != n)) || arns.Any(a => chosen.All(g => g.Id != a))) throw NotFound();
        return Ec2Result.Of(E("TargetGroups", chosen.OrderBy(g => g.Name, StringComparer.Ordinal).Select(TargetGroup).ToArray<object?>()));
    }
}
