using Kiln.LocalCloud.Api;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>CreateAutoScalingGroup with a launch template. The group is stored at once; the reconciler launches its
/// instances (as on AWS, the call returns before any instance exists).</summary>
public static class CreateAutoScalingGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = AsgRequests.GroupName(p);
        if (name.Length > 255) throw AsgErrors.Validation("AutoScalingGroupName must be at most 255 characters");
        if (p.Has("LaunchConfigurationName"))
            throw AsgErrors.Validation("Launch configurations are not supported by the local cloud (nor for new AWS accounts): use a launch template");
        if (p.Has("MixedInstancesPolicy"))
            throw AsgErrors.Validation("MixedInstancesPolicy is not supported by the local cloud: give LaunchTemplate");
        var min = p.Int("MinSize") ?? throw AsgErrors.Missing("minSize");
        var max = p.Int("MaxSize") ?? throw AsgErrors.Missing("maxSize");
        var desired = p.Int("DesiredCapacity") ?? min;
        AsgRequests.CheckSizes(min, max, desired);
        var healthCheck = p.Get("HealthCheckType") ?? "EC2";
        if (healthCheck is not ("EC2" or "ELB"))
            throw AsgErrors.Validation($"HealthCheckType {healthCheck} is not valid: use EC2 or ELB");
        var zones = p.List("AvailabilityZones.member");
        var allowed = AvailabilityZones.Names(call.Region);
        foreach (var z in zones.Where(z => !allowed.Contains(z)))
            throw AsgErrors.Validation($"The availability zone {z} is not in region {call.Region}");
        if (zones.Count == 0) zones = [LocalAccount.Zone(call.Region)];
        var now = call.Cloud.Now;

        call.Cloud.State.Write(tx =>
        {
            if (tx.Get<AutoScalingGroupRecord>(name) is not null)
                throw new Ec2Exception("AlreadyExists", $"AutoScalingGroup by this name already exists - A group with the name {name} already exists");
            var template = AsgRequests.LaunchTemplate(tx, p)
                ?? throw AsgErrors.Validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
            var arn = $"arn:aws:autoscaling:{call.Region}:{LocalAccount.Id}:autoScalingGroup:{Guid.NewGuid()}:autoScalingGroupName/{name}";
            tx.Put(new AutoScalingGroupRecord(name, arn, template, min, max, desired, AsgRequests.TargetGroupArns(tx, p),
                AsgRequests.Tags(p), healthCheck, p.Int("HealthCheckGracePeriod") ?? 0, zones, now, []));
        });
        call.Cloud.Trace($"local-cloud: Auto Scaling group {name} created ({desired} instances wanted)");
        return Ec2Result.Of();
    }
}
