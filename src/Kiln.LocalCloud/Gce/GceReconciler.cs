using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce;

/// <summary>
/// The Compute Engine part of the endpoint's start-up reconciliation: which containers its instances own; an instance
/// whose container stopped (a reboot of the machine) or vanished is TERMINATED, as a host failure leaves it;
/// podman names of images and disks that no longer exist are removed; old operations expire.
/// </summary>
public static class GceReconciler
{
    /// <summary>Machine ids of every Compute Engine instance (they own their containers and addresses).</summary>
    public static HashSet<string> Machines(StateTx tx) =>
        tx.All<GceInstanceRecord>().Select(i => i.MachineId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Owners of loopback addresses on the Compute Engine side: instances and forwarding rules.</summary>
    public static HashSet<string> AddressOwners(StateTx tx)
    {
        var owners = Machines(tx);
        owners.UnionWith(tx.All<GceForwardingRuleRecord>().Select(r => r.AddressOwner));
        return owners;
    }

    /// <param name="listedAt">When <paramref name="containers"/> was listed: an instance started since cannot be judged
    /// from it and is left alone.</param>
    public static async Task RunAsync(CloudServices cloud, IReadOnlyDictionary<string, string> containers, DateTimeOffset listedAt,
        CancellationToken ct)
    {
        // A home that never used Compute Engine pays no podman call here. Tags are listed before the state is read: a
        // tag never exists before its row, so none made meanwhile looks unowned.
        var used = cloud.State.Read(tx => tx.Count<GceImageRecord>() + tx.Count<GceDiskRecord>() + tx.Count<GceInstanceRecord>() > 0);
        var tags = used ? await cloud.Podman.ListImagesAsync(cloud.Layout.GceRepository, ct) : [];
        var (instances, owned) = cloud.State.Write(tx =>
        {
            tx.DeleteCreatedBefore<GceOperationRecord>(cloud.Now - GceOperations.KeptFor);
            var instances = tx.All<GceInstanceRecord>();
            var owned = tx.All<GceImageRecord>().Select(i => i.PodmanImage)
                .Concat(tx.All<GceDiskRecord>().Select(d => d.PodmanImage ?? ""))
                .ToHashSet(StringComparer.Ordinal);
            return (instances, owned);
        });
        foreach (var i in instances.Where(i => i.Status == "RUNNING" && i.LastStart < listedAt - TimeSpan.FromSeconds(2)))
        {
            var state = containers.GetValueOrDefault(cloud.Layout.ContainerName(i.MachineId));
            if (state == "running") continue;
            cloud.State.Write(tx =>
            {
                if (tx.Get<GceInstanceRecord>(i.Id) is { Status: "RUNNING" } current)
                    tx.Put(current with
                    {
                        Status = "TERMINATED", LastStop = cloud.Now,
                        StatusMessage = state is null ? "The instance's container is gone." : "The instance's container stopped.",
                    });
            });
        }
        foreach (var tag in tags)
            if (!owned.Contains(tag)) await cloud.Podman.RemoveImageAsync(tag, ct);
    }
}
