using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>DescribeInstanceStatus: running instances (all with IncludeAllInstances); checks pass once running.</summary>
public static class DescribeInstanceStatus
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = InstanceLookup.Ids(p, required: false);
        var all = p.Bool("IncludeAllInstances") ?? false;
        var filters = FilterSet.Parse(p);
        var instances = call.Cloud.State.Read(tx => ids.Count > 0 ? InstanceLookup.Get(tx, ids) : tx.All<InstanceRecord>())
            .Where(i => all ? i.State != InstanceStates.Terminated : i.State == InstanceStates.Running)
            .Where(i => filters.Matches(f => FilterValues(i, f), TagSet.Empty)).ToList();
        var (page, next) = Paging.Apply(instances, p);
        return Ec2Result.Of(Set("instanceStatusSet", page.Select(i => new object?[]
        {
            E("instanceId", i.Id),
            E("availabilityZone", i.AvailabilityZone),
            Set("eventsSet", []),
            InstanceXml.State("instanceState", i.State),
            Summary("systemStatus", i),
            Summary("instanceStatus", i),
        })), Opt("nextToken", next));
    }

    private static System.Xml.Linq.XElement Summary(string name, InstanceRecord i) =>
        i.State == InstanceStates.Running
            ? E(name, E("status", "ok"), Set("details", [[E("name", "reachability"), E("status", "passed")]]))
            : E(name, E("status", "not-applicable"), Set("details", []));

    private static IEnumerable<string?>? FilterValues(InstanceRecord i, string filter) => filter switch
    {
        "instance-state-name" => [i.State],
        "availability-zone" => [i.AvailabilityZone],
        "instance-status.status" or "system-status.status" => [i.State == InstanceStates.Running ? "ok" : "not-applicable"],
        "instance-status.reachability" or "system-status.reachability" => [i.State == InstanceStates.Running ? "passed" : null],
        _ => null,
    };
}
