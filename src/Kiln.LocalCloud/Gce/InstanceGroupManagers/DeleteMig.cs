using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>
/// instanceGroupManagers.delete: the group is marked deleting; the controlling process drains and deletes its
/// instances, then the group. The call answers once the group is gone (its operation DONE), so a template it used can
/// be deleted right after. A group that a backend service still names cannot go (resourceInUseByAnotherResource).
/// </summary>
public static class DeleteMig
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<JsonNode> HandleAsync(GceCall call, CancellationToken ct)
    {
        var g = MigHandlers.Find(call);
        call.Cloud.State.Write(tx =>
        {
            var user = tx.All<GceBackendServiceRecord>(nameGlobs: [$"projects/{g.Project}/regions/*"])
                .FirstOrDefault(b => b.Backends.Any(x => x.Group == g.GroupPath));
            if (user is not null) throw GceErrors.InUse($"instance_group resource '{g.GroupPath}'", user.Id);
            if (tx.Get<GceInstanceGroupManagerRecord>(g.Id) is { } current) tx.Put(current with { Deleting = true });
        });
        return await GceOperations.RunAsync(call, "delete", g.Id, g.Number, call.Zone, async token =>
        {
            var deadline = call.Cloud.Now + Patience;
            while (call.Cloud.State.Read(tx => tx.Get<GceInstanceGroupManagerRecord>(g.Id)) is not null)
            {
                if (call.Cloud.Now > deadline)
                    throw new GceException(503, "timeout", $"The group's instances were not deleted within {Patience.TotalMinutes:0} minutes; the local cloud goes on deleting them.");
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
            }
        }, ct);
    }
}
