using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: template, blue's version, the image. Produces: a new launch template version, blue's data with the
/// new image (kept: a version is history, and retention keeps the images versions use).</summary>
public sealed class StepNewTemplateVersion(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "new-template-version";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var version = await c.Fleet.CreateVersionAsync(s.TemplateId, s.BlueVersion, s.Image!.Id, $"kiln {s.Request.Run}: {s.Image.Name}", ct);
        await c.Ledger.CreatedAsync(ResourceKind.LaunchTemplateVersion, $"{s.TemplateId}:{version}");
        await c.Ledger.KeptAsync(ResourceKind.LaunchTemplateVersion, $"{s.TemplateId}:{version}");
        s.TargetVersion = version;
        c.Log.Info($"launch template {s.TemplateId} version {version} launches {s.Image.Id}");
    }

    public Task CleanupAsync(AwsDeployState s, CancellationToken ct) => Task.CompletedTask;
}
