using Kiln.Core.Steps;
using Kiln.Gcp.Api;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the backend service, what the deploy replaced. Writes it in the service's description
/// (`kiln-rollback=template:NAME` or `group:NAME`), where `kiln rollback` finds it; the fingerprint read with the
/// service guards against a concurrent change (Google answers 412 to a stale one).</summary>
public sealed class StepRecordRollback(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "record-rollback";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        if (s.Rollback is null) return;
        var f = c.Fleet;
        var service = await f.Api.GetBackendServiceAsync(f.Project, f.Region, s.Service!.Name, ct) ?? s.Service;
        await f.Api.PatchBackendServiceAsync(f.Project, f.Region, service.Name,
            new BackendServicePatch(service.Fingerprint, Description: GceDeployNames.Description(s.Request.Group, s.Rollback)), ct);
        c.Log.Info($"`kiln rollback` returns to {s.Rollback}");
    }

    public Task CleanupAsync(GceDeployState s, CancellationToken ct) => Task.CompletedTask;
}
