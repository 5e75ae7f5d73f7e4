using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.ElbV2.ElbXml;

namespace Kiln.LocalCloud.ElbV2;

/// <summary>DescribeTargetHealth: the registered targets (InService members of attached groups) and the ones still
/// draining, with the state the health checker last wrote; a target it has not checked yet is `initial`.</summary>
public static class DescribeTargetHealth
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var arn = call.Params.Get("TargetGroupArn") ?? throw Validation("A target group ARN must be specified");
        var (group, registered, health) = call.Cloud.State.Read(tx => (
            tx.Get<TargetGroupRecord>(arn), TargetRegistry.Registered(tx, arn), tx.Get<TargetHealthRecord>(arn)));
        if (group is null) throw NotFound();
        var known = (health?.Targets ?? []).ToDictionary(t => t.InstanceId);
        // A state counts only for the registration it was checked in (a group detached and attached again starts
        // over); a target deregistered here but not yet let go by the health checker is draining.
        var entries = registered.Select(t => known.TryGetValue(t.InstanceId, out var k) && k.State != "draining" && k.Cohort == t.Cohort ? k
                : new TargetHealthEntry(t.InstanceId, group.Port, "initial", "Elb.RegistrationInProgress", "Target registration is in progress"))
            .Concat(known.Values.Where(k => registered.All(r => r.InstanceId != k.InstanceId))
                .Select(k => k with { State = "draining", Reason = "Target.DeregistrationInProgress", Description = "Target deregistration is in progress" }))
            .OrderBy(t => t.InstanceId, StringComparer.Ordinal);
        return Ec2Result.Of(Members("TargetHealthDescriptions", entries.Select(t => (object?)new object?[]
        {
            E("Target", E("Id", t.InstanceId), E("Port", t.Port)),
            E("HealthCheckPort", group.HealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            E("TargetHealth", E("State", t.State), t.Reason is null ? null : E("Reason", t.Reason),
                t.Description is null ? null : E("Description", t.Description)),
        })));
    }
}
