using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>DescribeInstances, grouped by reservation; terminated instances stay listed for an hour.</summary>
public static class DescribeInstances
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = InstanceLookup.Ids(p, required: false);
        var filters = FilterSet.Parse(p);
        var now = call.Cloud.Now;
        var (instances, groupNames) = call.Cloud.State.Read(tx =>
            (ids.Count > 0 ? InstanceLookup.Get(tx, ids) : tx.All<InstanceRecord>(), InstanceLookup.GroupNames(tx)));
        if (instances.Any(i => Expired(i, now))) call.Cloud.State.Write(tx => InstanceRuntime.Purge(tx, now));
        var matching = instances.Where(i => !Expired(i, now) && filters.Matches(f => InstanceXml.FilterValues(i, f, groupNames), i.Tags)).ToList();
        var (page, next) = Paging.Apply(matching, p, forbidWithIds: true, idsGiven: ids.Count > 0);
        var reservations = page.GroupBy(i => i.ReservationId).Select(r => new object?[]
        {
            E("reservationId", r.Key),
            E("ownerId", LocalAccount.Id),
            InstanceXml.Groups(r.First(), groupNames),
            Set("instancesSet", r.Select(i => InstanceXml.Item(i, groupNames))),
        });
        return Ec2Result.Of(Set("reservationSet", reservations), Opt("nextToken", next));
    }

    private static bool Expired(InstanceRecord i, DateTimeOffset now) =>
        i.TerminatedAt is { } t && now - t > InstanceStates.TerminatedVisibleFor;
}
