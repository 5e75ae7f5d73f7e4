using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Snapshots;

public static class DescribeSnapshots
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = Requests.Ids(p, "SnapshotId", "snap", "InvalidSnapshotID.Malformed");
        var filters = FilterSet.Parse(p);
        var owners = p.List("Owner");
        if (owners.Count > 0 && !owners.Any(o => o is "self" or LocalAccount.Id))
            return Ec2Result.Of(Set("snapshotSet", []));
        var snapshots = call.Cloud.State.Read(tx => tx.All<SnapshotRecord>(ids)).Where(s => s.IsIn(call.Region)).ToList();
        var missing = ids.Except(snapshots.Select(s => s.Id)).ToList();
        if (missing.Count > 0)
            throw Ec2Errors.NotFound("InvalidSnapshot.NotFound", $"The snapshot '{string.Join(", ", missing)}' does not exist.");
        var matching = snapshots.Where(s => filters.Matches(f => SnapshotXml.FilterValues(s, f), s.Tags)).ToList();
        var (page, next) = Paging.Apply(matching, p, forbidWithIds: true, idsGiven: ids.Count > 0);
        return Ec2Result.Of(Set("snapshotSet", page.Select(SnapshotXml.Item)), Opt("nextToken", next));
    }
}
