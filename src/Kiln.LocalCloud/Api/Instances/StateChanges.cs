using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>The shared shape of Stop/Start/TerminateInstances: check every id first, then change each instance
/// (podman work outside any transaction), answering AWS's transitional state as `currentState`.</summary>
public static class StateChanges
{
    public sealed record Change(string InstanceId, string Current, string Previous);

    public static async Task<Ec2Result> ApplyAsync(Ec2Call call, Func<InstanceRecord, CancellationToken, Task<Change>> change, CancellationToken ct)
    {
        var ids = InstanceLookup.Ids(call.Params, required: true);
        var instances = call.Cloud.State.Read(tx => InstanceLookup.Get(tx, ids));
        var changes = new List<Change>();
        foreach (var i in instances) changes.Add(await change(i, ct));
        return Ec2Result.Of(Set("instancesSet", changes.Select(c => new object?[]
        {
            E("instanceId", c.InstanceId),
            InstanceXml.State("currentState", c.Current),
            InstanceXml.State("previousState", c.Previous),
        })));
    }

    /// <summary>Records a new state for an instance unless it was terminated meanwhile.</summary>
    public static void Record(CloudServices cloud, string id, string state, string? reason)
    {
        cloud.State.Write(tx =>
        {
            if (tx.Get<InstanceRecord>(id) is { } current && current.IsLive)
                tx.Put(current with { State = state, StateTransitionReason = reason });
        });
    }

    public static Ec2Exception Incorrect(InstanceRecord i, string verb) =>
        Ec2Errors.IncorrectState($"This instance '{i.Id}' is not in a state from which it can be {verb}.");
}
