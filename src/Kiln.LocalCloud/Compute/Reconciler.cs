using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>
/// At endpoint start, makes state and podman agree: containers of this home that the state does not know are removed;
/// instances whose container vanished are terminated (Compute Engine's: <see cref="Gce.GceReconciler"/>); a container that stopped by itself (a reboot of the machine)
/// makes its instance stopped; an image whose podman image is gone is marked failed. Instances another process is
/// launching right now (pending and young, or younger than the listing) are left alone.
/// </summary>
public static class Reconciler
{
    private static readonly TimeSpan LaunchGrace = TimeSpan.FromMinutes(10);
    /// <summary>Rows stamped by another process's clock reading, a moment before or after ours.</summary>
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(CloudServices cloud, CancellationToken ct)
    {
        var layout = cloud.Layout;
        // Several endpoint processes share one state and may be launching instances right now. Podman is listed while
        // the state is read (both take a tenth of a second, and every command's start waits for this); an instance
        // whose row is younger than the listing cannot be judged from it and is left alone. The state is read again
        // after the listing, so a container listed then has its row (written before `podman run`).
        var now = cloud.Now;
        var listingTags = cloud.Podman.ListImagesAsync(layout.ImageRepository, ct);
        var listingContainers = cloud.Podman.ListContainersAsync($"kiln.home={layout.HomeHash}", ct);
        var instances = cloud.State.Write(tx =>
        {
            InstanceRuntime.Purge(tx, now);
            return tx.All<InstanceRecord>().ToDictionary(i => i.Id);
        });
        var containers = await listingContainers;
        var tags = await listingTags;
        var (owners, machines) = cloud.State.Read(tx => (tx.All<InstanceRecord>().ToDictionary(i => i.Id), Gce.GceReconciler.Machines(tx)));

        foreach (var name in containers.Keys)
        {
            var id = name.StartsWith("kiln-", StringComparison.Ordinal) ? name[5..] : name;
            if (machines.Contains(id)) continue; // a Compute Engine instance's
            if (!owners.TryGetValue(id, out var known) || !known.IsLive)
            {
                cloud.Trace($"local-cloud: removing container {name}, which no instance owns");
                await cloud.Podman.RemoveContainerAsync(name, ct);
            }
        }

        foreach (var i in instances.Values.Where(i => i.IsLive))
        {
            if (i.Created > now - ClockSlack || i.State == InstanceStates.Pending && now - i.Created < LaunchGrace) continue;
            var container = containers.GetValueOrDefault(layout.ContainerName(i.Id));
            if (container is null)
            {
                cloud.Trace($"local-cloud: {i.Id} has no container any more; it is terminated");
                await cloud.Instances.DestroyAsync(i.Id, "Server.InternalError: the instance's container is gone", ct);
            }
            else if (i.State == InstanceStates.Running && container != "running")
                cloud.State.Write(tx =>
                {
                    if (tx.Get<InstanceRecord>(i.Id) is { State: InstanceStates.Running } current)
                        tx.Put(current with { State = InstanceStates.Stopped, StateTransitionReason = "Client.InstanceInitiatedShutdown: the container stopped" });
                });
        }

        cloud.State.Write(tx =>
        {
            var live = tx.All<InstanceRecord>().Where(i => i.IsLive).Select(i => i.Id).ToHashSet();
            live.UnionWith(Gce.GceReconciler.AddressOwners(tx));
            foreach (var a in tx.All<AddressRecord>().Where(a => !live.Contains(a.InstanceId))) tx.Delete<AddressRecord>(a.Id);
        });
        await Gce.GceReconciler.RunAsync(cloud, containers, now, ct);
        await cloud.Images.CollectAsync(ct, tags);
        await cloud.Images.VerifyAsync(ct, tags);
    }
}
