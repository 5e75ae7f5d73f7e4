using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>UpdateAutoScalingGroup: only what is given changes. A new launch template (version) applies to instances
/// launched from now on; existing ones stay until replaced (an instance refresh), as on AWS.</summary>
public static class UpdateAutoScalingGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        call.Cloud.State.Write(tx =>
        {
            var g = AsgRequests.Group(tx, name);
            if (g.IsDeleting) throw new Ec2Exception("ScalingActivityInProgress", $"The group {name} is being deleted.");
            var min = p.Int("MinSize") ?? g.MinSize;
            var max = p.Int("MaxSize") ?? g.MaxSize;
            // As on AWS, a new min or max that excludes the current desired capacity moves it inside the bounds.
            var desired = p.Int("DesiredCapacity") ?? Math.Clamp(g.DesiredCapacity, min, Math.Max(min, max));
            AsgRequests.CheckSizes(min, max, desired);
            var healthCheck = p.Get("HealthCheckType") ?? g.HealthCheckType;
            if (healthCheck is not ("EC2" or "ELB"))
                throw AsgErrors.Validation($"HealthCheckType {healthCheck} is not valid: use EC2 or ELB");
            tx.Put(g with
            {
                LaunchTemplate = AsgRequests.LaunchTemplate(tx, p) ?? g.LaunchTemplate,
                MinSize = min, MaxSize = max, DesiredCapacity = desired, HealthCheckType = healthCheck,
                HealthCheckGracePeriod = p.Int("HealthCheckGracePeriod") ?? g.HealthCheckGracePeriod,
            });
        });
        return Ec2Result.Of();
    }
}
