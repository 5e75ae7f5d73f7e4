using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>Attach/DetachLoadBalancerTargetGroups. Attached, the group's InService instances are registered in the
/// target group; detached, they are deregistered and drain (no new connections, open ones finish).</summary>
public static class TargetGroupAttachments
{
    public static Ec2Result Attach(Ec2Call call) => Change(call, (current, arns) => current.Union(arns).ToList());

    public static Ec2Result Detach(Ec2Call call) => Change(call, (current, arns) => current.Except(arns).ToList());

    private static Ec2Result Change(Ec2Call call, Func<IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyList<string>> apply)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        if (p.List("TargetGroupARNs.member").Count == 0) throw AsgErrors.Missing("targetGroupARNs");
        call.Cloud.State.Write(tx =>
        {
            var g = AsgRequests.Group(tx, name);
            var arns = apply(g.TargetGroupArns, AsgRequests.TargetGroupArns(tx, p));
            var now = call.Cloud.Now;
            tx.Put(g with
            {
                TargetGroupArns = arns,
                AttachedAt = arns.ToDictionary(a => a, a => g.TargetGroupArns.Contains(a) ? g.AttachedAt.GetValueOrDefault(a, g.Created) : now),
            });
        });
        return Ec2Result.Of();
    }
}
