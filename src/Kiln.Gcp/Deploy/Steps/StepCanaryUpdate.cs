using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the group, blue's and the new template, `--canary N%`. Gives the group two versions, as Google's
/// canary update does: blue's template for the rest, the new one with a targetSize of N percent (maxUnavailable 0).
/// `--promote` finishes it, `kiln rollback` withdraws it. Cleanup on failure: blue's template alone again.</summary>
public sealed class StepCanaryUpdate(GceDeployContext c) : IStep<GceDeployState>
{
    private bool _patched;
    public string Name => "canary-update";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var f = c.Fleet;
        // Ledgered first: a run killed from here leaves `kiln gc` the template to put the group back on.
        await c.Ledger.CreatedAsync(ResourceKind.GroupVersion, Withdraw.Id(s));
        _patched = true;
        await f.Api.PatchGroupManagerAsync(f.Project, f.Zone, s.GreenName!, new GroupManagerPatch(
        [
            new ManagedInstanceGroupVersion(s.BlueTemplate, f.GlobalUrl($"instanceTemplates/{s.BlueTemplate}")),
            new ManagedInstanceGroupVersion(s.NewTemplate, f.GlobalUrl($"instanceTemplates/{s.NewTemplate}"),
                new FixedOrPercent(Percent: s.Request.CanaryPercent)),
        ], GroupCreation.Rolling(1)), ct);
        c.Log.Info($"{s.GreenName}: canary {s.NewTemplate} on {s.Request.CanaryPercent}% ({s.CanarySize} of {s.Capacity} instance(s))");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        if (!_patched) return;
        if (s.Switched)
        {
            await c.Ledger.KeptAsync(ResourceKind.GroupVersion, Withdraw.Id(s));
            return;
        }
        c.Log.Info($"{s.GreenName}: the canary never served; back to {s.BlueTemplate}");
        await Withdraw.ToAsync(c, s, ct);
    }
}
