using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>SetDesiredCapacity within the group's bounds (AWS's ValidationError otherwise).</summary>
public static class SetDesiredCapacity
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        var desired = p.Int("DesiredCapacity") ?? throw AsgErrors.Missing("desiredCapacity");
        call.Cloud.State.Write(tx =>
        {
            var g = AsgRequests.Group(tx, name);
            if (g.IsDeleting) throw new Ec2Exception("ScalingActivityInProgress", $"The group {name} is being deleted.");
            if (desired > g.MaxSize)
                throw AsgErrors.Validation($"New SetDesiredCapacity value {desired} is above max value {g.MaxSize} for the AutoScalingGroup.");
            if (desired < g.MinSize)
                throw AsgErrors.Validation($"New SetDesiredCapacity value {desired} is below min value {g.MinSize} for the AutoScalingGroup.");
            tx.Put(g with { DesiredCapacity = desired });
        });
        return Ec2Result.Of();
    }
}
