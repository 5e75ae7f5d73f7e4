using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.AutoScaling;

/// <summary>
/// Keeps each Auto Scaling group at its capacity, in the controlling process, one small step per tick:
/// members whose instance died (container gone or stopped) are dropped and replaced; Pending members whose instance
/// runs go InService; too few → launch, too many → Terminating (outdated and oldest first); a Terminating member is
/// terminated once no target group holds it (drained); an instance refresh replaces outdated members in batches
/// that keep MinHealthyPercentage healthy. State is written in short transactions, podman work between them.
/// </summary>
public sealed class GroupReconciler(CloudServices cloud, LoadBalancers balancers)
{
    /// <summary>After a failed launch a group waits this long before it tries again (a missing image would
    /// otherwise make podman retry every tick).</summary>
    public static readonly TimeSpan LaunchBackoff = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, DateTimeOffset> _launchFailed = new(StringComparer.Ordinal);

    public async Task TickAsync(IReadOnlyDictionary<string, string> containers, CancellationToken ct)
    {
        var names = cloud.State.Read(tx => tx.All<AutoScalingGroupRecord>().Select(g => g.Id).ToList());
        foreach (var name in names)
        {
            ct.ThrowIfCancellationRequested();
            try { await TickGroupAsync(name, containers, ct); }
            catch (Exception e) when (e is Ec2Exception or Podman.PodmanException)
            {
                cloud.Trace($"local-cloud: Auto Scaling group {name}: {e.Message}");
            }
        }
    }

    private async Task TickGroupAsync(string name, IReadOnlyDictionary<string, string> containers, CancellationToken ct)
    {
        var now = cloud.Now;
        // 1. Members follow their instances: dead ones go, running Pending ones enter service; strays are adopted.
        var dead = new List<string>();
        var g = Update(name, (tx, g) =>
        {
            var instances = tx.All<InstanceRecord>().Where(i => i.Tags.GetValueOrDefault(GroupLauncher.GroupNameTag) == name || g.Members.Any(m => m.InstanceId == i.Id))
                .ToDictionary(i => i.Id);
            var members = new List<AsgMember>();
            foreach (var m in g.Members)
            {
                if (!instances.TryGetValue(m.InstanceId, out var i) || !i.IsLive) continue;
                var running = containers.GetValueOrDefault(cloud.Layout.ContainerName(i.Id)) == "running";
                if (i.State is InstanceStates.Stopped or InstanceStates.Stopping || (i.State == InstanceStates.Running && !running))
                {
                    dead.Add(i.Id);
                    members.Add(m with { LifecycleState = AsgStates.Terminating, HealthStatus = AsgStates.Unhealthy, TerminatingAt = now });
                }
                else if (m.LifecycleState == AsgStates.Pending && i.State == InstanceStates.Running && running)
                    members.Add(m with { LifecycleState = AsgStates.InService, InServiceAt = now });
                else members.Add(m);
            }
            return g with { Members = members };
        });
        if (g is null) return;
        foreach (var id in dead)
        {
            cloud.Trace($"local-cloud: {name}: instance {id} is not running; it is replaced");
            await cloud.Instances.DestroyAsync(id, "Server.InternalError: Auto Scaling replaced an unhealthy instance", ct);
            Update(name, (_, g) => g with { Members = g.Members.Where(m => m.InstanceId != id).ToList() });
        }

        // 2. An instance refresh may terminate a batch or ask for one instance more.
        var surge = InstanceRefresher.Step(cloud, balancers, name, now);
        g = cloud.State.Read(tx => tx.Get<AutoScalingGroupRecord>(name));
        if (g is null) return;

        // 3. Capacity.
        var live = g.Members.Where(m => !m.IsTerminating).ToList();
        var want = g.IsDeleting ? 0 : g.DesiredCapacity + surge;
        if (live.Count < want && (!_launchFailed.TryGetValue(name, out var failedAt) || now - failedAt > LaunchBackoff))
        {
            IReadOnlyList<string> ids;
            int version;
            try { (ids, version) = await GroupLauncher.LaunchAsync(cloud, g, want - live.Count, g.Arn.Split(':')[3], ct); }
            catch (Ec2Exception e)
            {
                _launchFailed[name] = now;
                cloud.Trace($"local-cloud: {name}: launching failed, next try in {LaunchBackoff.TotalSeconds:0} s: {e.Message}");
                return;
            }
            _launchFailed.Remove(name);
            cloud.Trace($"local-cloud: {name}: launched {string.Join(", ", ids)} (launch template version {version})");
            var zone = g.Zones[0];
            Update(name, (_, g) => g with
            {
                Members = [.. g.Members, .. ids.Select(id => new AsgMember(id, AsgStates.Pending, AsgStates.Healthy, version, zone, cloud.Now))],
            });
        }
        else if (live.Count > want)
        {
            var refresh = cloud.State.Read(tx => tx.All<InstanceRefreshRecord>(nameGlobs: [name]).FirstOrDefault(r => r.IsActive));
            var victims = live.OrderByDescending(m => refresh?.IsOutdated(m) ?? false).ThenBy(m => m.Launched)
                .Take(live.Count - want).Select(m => m.InstanceId).ToHashSet();
            Terminate(name, victims, now);
        }

        // 4. Terminating members go once drained; a deleted group goes with its last member.
        g = cloud.State.Read(tx => tx.Get<AutoScalingGroupRecord>(name));
        if (g is null) return;
        foreach (var m in g.Members.Where(m => m.IsTerminating))
        {
            if (!balancers.Releases(m.InstanceId)) continue;
            await cloud.Instances.DestroyAsync(m.InstanceId, "Auto Scaling: terminated by the group", ct);
            Update(name, (_, g) => g with { Members = g.Members.Where(x => x.InstanceId != m.InstanceId).ToList() });
        }
        cloud.State.Write(tx =>
        {
            if (tx.Get<AutoScalingGroupRecord>(name) is { IsDeleting: true, Members.Count: 0 }) tx.Delete<AutoScalingGroupRecord>(name);
        });
    }

    public static void Terminate(CloudServices cloud, string name, IReadOnlySet<string> ids, DateTimeOffset now) =>
        cloud.State.Write(tx =>
        {
            if (tx.Get<AutoScalingGroupRecord>(name) is not { } g) return;
            tx.Put(g with
            {
                Members = g.Members.Select(m => ids.Contains(m.InstanceId) && !m.IsTerminating
                    ? m with { LifecycleState = AsgStates.Terminating, TerminatingAt = now } : m).ToList(),
            });
        });

    private void Terminate(string name, IReadOnlySet<string> ids, DateTimeOffset now) => Terminate(cloud, name, ids, now);

    /// <summary>Re-reads the group and writes the change in one transaction (API calls may have changed it meanwhile).</summary>
    private AutoScalingGroupRecord? Update(string name, Func<StateTx, AutoScalingGroupRecord, AutoScalingGroupRecord> change) =>
        cloud.State.Write(tx =>
        {
            if (tx.Get<AutoScalingGroupRecord>(name) is not { } g) return null;
            var updated = change(tx, g);
            tx.Put(updated);
            return updated;
        });
}
