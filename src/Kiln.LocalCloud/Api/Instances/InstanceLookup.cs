using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Instances;

public static class InstanceLookup
{
    /// <summary>`InstanceId.N`, each well-formed; at least one when <paramref name="required"/>.</summary>
    public static IReadOnlyList<string> Ids(QueryParams p, bool required)
    {
        var ids = Requests.Ids(p, "InstanceId", "i", "InvalidInstanceID.Malformed");
        if (required && ids.Count == 0) throw Ec2Errors.Missing("InstanceId");
        return ids;
    }

    /// <summary>The instances by id, or InvalidInstanceID.NotFound naming every id that does not exist.</summary>
    public static IReadOnlyList<InstanceRecord> Get(StateTx tx, IReadOnlyList<string> ids)
    {
        var found = tx.All<InstanceRecord>(ids);
        var missing = ids.Except(found.Select(i => i.Id)).ToList();
        if (missing.Count == 1) throw Ec2Errors.NotFound("InvalidInstanceID.NotFound", $"The instance ID '{missing[0]}' does not exist");
        if (missing.Count > 1) throw Ec2Errors.NotFound("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", missing)}' do not exist");
        return ids.Distinct().Select(id => found.First(i => i.Id == id)).ToList();
    }

    public static IReadOnlyDictionary<string, string> GroupNames(StateTx tx) =>
        tx.All<SecurityGroupRecord>().ToDictionary(g => g.Id, g => g.Name);
}
