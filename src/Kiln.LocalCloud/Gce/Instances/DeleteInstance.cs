using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>
/// instances.delete: the container, its boot files and its address go, and the instance is no longer listed (Compute
/// Engine keeps no deleted instances). A boot disk with autoDelete goes with it; one without it is kept, its content
/// committed to the disk's own podman image, so an image can be made from it afterwards (the bake's way).
/// </summary>
public static class DeleteInstance
{
    public static async Task<JsonNode> HandleAsync(GceCall call, CancellationToken ct)
    {
        var i = InstanceHandlers.Find(call);
        if (i.DeletionProtection)
            throw GceErrors.Invalid($"Invalid resource usage: 'Resource cannot be deleted if it's protected against deletion: {i.Id}'.");
        return await GceOperations.RunAsync(call, "delete", i.Id, i.Number, call.Zone, async token =>
        {
            var cloud = call.Cloud;
            var disks = cloud.State.Read(tx => i.Disks.Select(d => (Attached: d, Disk: tx.Get<GceDiskRecord>(d.Source))).ToList());
            var kept = new Dictionary<string, string?>();
            foreach (var (attached, disk) in disks)
                if (disk is not null && !attached.AutoDelete)
                    kept[disk.Id] = await GceMachines.KeepDiskAsync(cloud, i, disk, token);
            await cloud.Machines.RemoveAsync(i.MachineId, token);
            var forgotten = cloud.State.Write(tx =>
            {
                var gone = new List<string?>();
                tx.Delete<GceInstanceRecord>(i.Id);
                cloud.Addresses.Release(tx, i.MachineId);
                foreach (var (attached, _) in disks)
                {
                    if (tx.Get<GceDiskRecord>(attached.Source) is not { } d) continue;
                    if (kept.TryGetValue(d.Id, out var image))
                        tx.Put(d with { Users = d.Users.Where(u => u != i.Id).ToList(), PodmanImage = image, LastDetach = call.Now });
                    else
                    {
                        tx.Delete<GceDiskRecord>(d.Id);
                        gone.Add(d.PodmanImage);
                    }
                }
                return gone;
            });
            foreach (var image in forgotten) await GceMachines.ForgetAsync(cloud, image, token);
        }, ct);
    }
}
