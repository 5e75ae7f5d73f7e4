using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>DeleteAutoScalingGroup: refused while the group has instances unless ForceDelete; with it, the group is
/// marked "Delete in progress", the reconciler terminates its instances (draining them from target groups) and then
/// removes the group.</summary>
public static class DeleteAutoScalingGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        var force = p.Bool("ForceDelete") ?? false;
        call.Cloud.State.Write(tx =>
        {
            var g = AsgRequests.Group(tx, name);
            if (g.IsDeleting) return;
            if (g.Members.Count > 0 && !force)
                throw new Ec2Exception("ResourceInUse",
                    "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
            if (g.Members.Count == 0 && g.DesiredCapacity == 0) tx.Delete<AutoScalingGroupRecord>(name);
            else tx.Put(g with { Status = AsgStates.Deleting, MinSize = 0, DesiredCapacity = 0 });
            foreach (var r in tx.All<InstanceRefreshRecord>().Where(r => r.GroupName == name)) tx.Delete<InstanceRefreshRecord>(r.Id);
        });
        return Ec2Result.Of();
    }
}
