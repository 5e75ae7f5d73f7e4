using Kiln.LocalCloud.Gce.Balancing;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Gce.InstanceGroupManagers;

/// <summary>
/// Keeps each managed instance group as its record says, in the controlling process, one small step per tick:
/// members follow their instances (one that stopped, vanished or failed its autohealing check after initialDelaySec
/// is recreated under its name; one that turned healthy leaves VERIFYING); then <see cref="MigPlan"/> says what to
/// make and what to delete; a member being deleted goes once no backend service holds a connection to it
/// (draining); a group being deleted goes with its last member. State in short transactions, podman between them.
/// </summary>
public sealed class MigReconciler(CloudServices cloud, GceBalancers balancers)
{
    /// <summary>After a failed create a group waits this long before it tries again.</summary>
    public static readonly TimeSpan CreateBackoff = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, DateTimeOffset> _failed = new(StringComparer.Ordinal);

    public async Task TickAsync(IReadOnlyDictionary<string, string> containers, DateTimeOffset listedAt, CancellationToken ct)
    {
        foreach (var id in cloud.State.Read(tx => tx.All<GceInstanceGroupManagerRecord>().Select(g => g.Id).ToList()))
        {
            ct.ThrowIfCancellationRequested();
            try { await TickGroupAsync(id, containers, listedAt, ct); }
            catch (Exception e) when (e is GceException or Podman.PodmanException)
            {
                cloud.Trace($"local-cloud: instance group {id}: {e.Message}");
            }
        }
    }

    private async Task TickGroupAsync(string id, IReadOnlyDictionary<string, string> containers, DateTimeOffset listedAt, CancellationToken ct)
    {
        var now = cloud.Now;
        var g = Update(id, (tx, g) => g with { Members = g.Members.Select(m => Follow(tx, g, m, containers, listedAt, now)).ToList() });
        if (g is null) return;

        var step = MigPlan.Next(g, m => m.Action == "NONE");
        if (step.Delete.Count > 0)
        {
            cloud.Trace($"local-cloud: {g.Name}: deleting {string.Join(", ", step.Delete)}");
            g = Update(id, (_, g) => g with { Members = g.Members.Select(m => step.Delete.Contains(m.Name) ? m with { Action = "DELETING" } : m).ToList() });
            if (g is null) return;
        }
        if (step.Create.Count > 0 && !(_failed.TryGetValue(id, out var at) && now - at < CreateBackoff))
        {
            var taken = cloud.State.Read(tx => tx.All<GceInstanceRecord>(nameGlobs: [$"projects/{g.Project}/zones/{g.Zone}/instances/*"]))
                .Select(i => i.Name).Concat(g.Members.Select(m => m.Name)).ToHashSet(StringComparer.Ordinal);
            var made = step.Create.Select(v =>
            {
                var name = MigInstances.NewName(g, taken);
                return new GceManagedInstance(name, $"projects/{g.Project}/zones/{g.Zone}/instances/{name}", null, v.InstanceTemplate, v.Name, "CREATING", now);
            }).ToList();
            g = Update(id, (_, g) => g with { Members = [.. g.Members, .. made] });
            if (g is null) return;
            await Task.WhenAll(made.Select(m => MakeAsync(g, m, ct)));
        }

        foreach (var m in g.Members.Where(m => m.Action is "DELETING" or "RECREATING"))
        {
            if (!balancers.Releases(m.Instance)) continue; // draining: open connections finish first
            await MigInstances.DeleteAsync(cloud, g, m, ct);
            if (m.Action == "DELETING") Update(id, (_, g) => g with { Members = g.Members.Where(x => x.Name != m.Name).ToList() });
            else
            {
                var template = g.Versions.Any(v => v.InstanceTemplate == m.InstanceTemplate) ? m.InstanceTemplate : g.InstanceTemplate;
                await MakeAsync(g, m with { InstanceTemplate = template, Created = now }, ct);
            }
        }
        cloud.State.Write(tx =>
        {
            if (tx.Get<GceInstanceGroupManagerRecord>(id) is { Deleting: true, Members.Count: 0 }) tx.Delete<GceInstanceGroupManagerRecord>(id);
        });
    }

    /// <summary>A member's next action from its instance: dead → RECREATING; VERIFYING → NONE once healthy;
    /// unhealthy past the initial delay → RECREATING.</summary>
    private GceManagedInstance Follow(StateTx tx, GceInstanceGroupManagerRecord g, GceManagedInstance m,
        IReadOnlyDictionary<string, string> containers, DateTimeOffset listedAt, DateTimeOffset now)
    {
        if (m.Action is not ("NONE" or "VERIFYING")) return m;
        var i = tx.Get<GceInstanceRecord>(m.Instance);
        var dead = i is null || i.Status != "RUNNING"
            || (i.LastStart < listedAt - TimeSpan.FromSeconds(2) && containers.GetValueOrDefault(cloud.Layout.ContainerName(i.MachineId)) != "running");
        if (dead)
        {
            cloud.Trace($"local-cloud: {g.Name}: {m.Name} is not running; it is recreated");
            return m with { Action = "RECREATING" };
        }
        if (g.AutoHealing.Count == 0) return m with { Action = "NONE" };
        var state = balancers.AutohealingState(g.Id, m.Instance);
        if (state == "healthy") return m with { Action = "NONE" };
        if (state == "unhealthy" && now - (m.Started ?? m.Created) >= TimeSpan.FromSeconds(g.AutoHealing[0].InitialDelaySec))
        {
            cloud.Trace($"local-cloud: {g.Name}: {m.Name} failed its autohealing check; it is recreated");
            return m with { Action = "RECREATING" };
        }
        return m;
    }

    /// <summary>Makes a member's instance; VERIFYING until its autohealing check passes (NONE without one). A failure
    /// drops the member (the plan makes another after the back-off) and is kept as the group's last error.</summary>
    private async Task MakeAsync(GceInstanceGroupManagerRecord g, GceManagedInstance m, CancellationToken ct)
    {
        try
        {
            var number = await MigInstances.CreateAsync(cloud, g, m.Name, m.InstanceTemplate, ct);
            var action = g.AutoHealing.Count > 0 ? "VERIFYING" : "NONE";
            Update(g.Id, (_, g) => g with
            {
                Members = g.Members.Select(x => x.Name == m.Name ? m with { Number = number, Action = action, Started = cloud.Now, LastError = null } : x).ToList(),
            });
            _failed.Remove(g.Id);
        }
        catch (Exception e) when (e is GceException or Podman.PodmanException)
        {
            _failed[g.Id] = cloud.Now;
            cloud.Trace($"local-cloud: {g.Name}: making {m.Name} failed, next try in {CreateBackoff.TotalSeconds:0} s: {e.Message}");
            Update(g.Id, (_, g) => g with { Members = g.Members.Where(x => x.Name != m.Name).ToList() });
        }
    }

    private GceInstanceGroupManagerRecord? Update(string id, Func<StateTx, GceInstanceGroupManagerRecord, GceInstanceGroupManagerRecord> change) =>
        cloud.State.Write(tx =>
        {
            if (tx.Get<GceInstanceGroupManagerRecord>(id) is not { } g) return null;
            var updated = change(tx, g);
            tx.Put(updated);
            return updated;
        });
}
