using Kiln.Core.Steps;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: blue, the backend service. Takes blue out of the service, lets its open connections drain (the
/// service's connection draining), then sizes it to 0 and keeps it for a rollback.</summary>
public sealed class StepRetireBlue(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "retire-old-group";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var f = c.Fleet;
        var blue = s.Blue!.Name;
        await Backends.RemoveAsync(c, s.Service!.Name, blue, ct);
        s.BlueDetached = true;
        await f.WaitDetachedAsync(blue, s.Service.Name, ct);
        var draining = s.Service.ConnectionDraining?.DrainingTimeoutSec ?? StepCreateLoadBalancer.DrainingSec;
        await Task.Delay(TimeSpan.FromSeconds(draining), f.Api.Transport.Policies.Clock, ct);
        await f.Api.ResizeGroupManagerAsync(f.Project, f.Zone, blue, 0, ct);
        c.Log.Info($"{blue} out of {s.Service.Name}, drained for {draining} s and sized 0 (kept for `kiln rollback`)");
    }

    public Task CleanupAsync(GceDeployState s, CancellationToken ct) => Task.CompletedTask;
}
