using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the group, the new template, `--min-healthy`. Sets the group's one version to the new template with
/// Google's PROACTIVE update: maxUnavailable 0 (never fewer instances than its size), maxSurge the share
/// `--min-healthy` leaves (at least 1), each new instance running before an old one goes. Cleanup on failure: the
/// group's version is blue's template again and the deploy waits until blue's instances serve (the new ones are
/// replaced the same way, so no request is dropped).</summary>
public sealed class StepRollingUpdate(GceDeployContext c) : IStep<GceDeployState>
{
    private bool _patched;
    public string Name => "rolling-update";

    /// <summary>`--min-healthy 50` on 4 instances: 2 surge at once; on 1 instance: 1.</summary>
    public static int Surge(int capacity, int minHealthyPercent) =>
        Math.Max(1, capacity - (int)Math.Ceiling(capacity * minHealthyPercent / 100.0));

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var surge = Surge(s.Capacity, s.Request.MinHealthyPercentage);
        // Ledgered first: a run killed from here leaves `kiln gc` the template to put the group back on.
        await c.Ledger.CreatedAsync(ResourceKind.GroupVersion, Withdraw.Id(s));
        _patched = true;
        await PatchAsync(s.GreenName!, [new ManagedInstanceGroupVersion(s.NewTemplate, c.Fleet.GlobalUrl($"instanceTemplates/{s.NewTemplate}"))], surge, ct);
        c.Log.Info($"{s.GreenName}: rolling update to {s.NewTemplate} (maxSurge {surge}, maxUnavailable 0)");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        if (!_patched) return;
        if (s.Switched)
        {
            await c.Ledger.KeptAsync(ResourceKind.GroupVersion, Withdraw.Id(s));
            return;
        }
        c.Log.Info($"{s.GreenName}: the new version never served; back to {s.BlueTemplate}");
        await Withdraw.ToAsync(c, s, ct);
    }

    private Task PatchAsync(string group, List<ManagedInstanceGroupVersion> versions, int surge, CancellationToken ct) =>
        c.Fleet.Api.PatchGroupManagerAsync(c.Fleet.Project, c.Fleet.Zone, group, new GroupManagerPatch(versions, GroupCreation.Rolling(surge)), ct);
}

/// <summary>Puts a group back on blue's template alone (a canary or a rolling update withdrawn) and waits until blue's
/// instances serve again.</summary>
internal static class Withdraw
{
    /// <summary>The ledger id of a group's move off blue's template: `GROUP@TEMPLATE`.</summary>
    public static string Id(GceDeployState s) => $"{s.GreenName}@{s.BlueTemplate}";

    public static async Task ToAsync(GceDeployContext c, GceDeployState s, CancellationToken ct)
    {
        var f = c.Fleet;
        await f.Api.PatchGroupManagerAsync(f.Project, f.Zone, s.GreenName!, new GroupManagerPatch(
            [new ManagedInstanceGroupVersion(s.BlueTemplate, f.GlobalUrl($"instanceTemplates/{s.BlueTemplate}"))],
            GroupCreation.Rolling(StepRollingUpdate.Surge(s.Capacity, 50))), ct);
        await f.WaitServingAsync(s.GreenName!, s.BlueTemplate!, s.Capacity, s.Service!.Name, ct);
        await c.Ledger.CleanedAsync(ResourceKind.GroupVersion, Id(s));
        c.Log.Info($"{s.GreenName}: every instance runs {s.BlueTemplate} again");
    }
}
