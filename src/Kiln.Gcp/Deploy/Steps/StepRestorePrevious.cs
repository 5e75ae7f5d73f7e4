using Kiln.Core.Steps;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the previous group (sized 0 by a blue/green deploy), blue's size, the backend service. Sizes it back
/// up and makes it a backend again. Cleanup: if traffic never moved to it, it leaves the service and is sized 0 again.</summary>
public sealed class StepRestorePrevious(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "restore-previous-group";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var f = c.Fleet;
        s.GreenCreated = true;
        await f.Api.ResizeGroupManagerAsync(f.Project, f.Zone, s.GreenName!, s.Capacity, ct);
        await Backends.AddAsync(c, s.Service!.Name, s.GreenName!, ct);
        c.Log.Info($"{s.GreenName} sized {s.Capacity} and a backend of {s.Service.Name} again");
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        if (!s.GreenCreated || s.Switched) return;
        var f = c.Fleet;
        await Backends.RemoveAsync(c, s.Service!.Name, s.GreenName!, ct);
        await f.Api.ResizeGroupManagerAsync(f.Project, f.Zone, s.GreenName!, 0, ct);
        c.Log.Info($"traffic never moved to {s.GreenName}: out of the service and sized 0 again; {s.Blue!.Name} serves as before");
    }
}
