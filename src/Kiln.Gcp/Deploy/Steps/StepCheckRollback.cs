using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;
using Kiln.Deploy;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the request. Produces: blue (the group in service) and what to go back to: a canary under way is
/// withdrawn (the group's first version alone again); else what the backend service's description says the last
/// deploy replaced: a template (rolling, promoted canary) or a group (blue/green). Checked before any change.</summary>
public sealed class StepCheckRollback(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "check";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var (service, members, blue) = await StepCheckDeploy.CurrentAsync(c, r.Group, ct);
        var templates = GceFleet.TemplatesOf(blue);
        s.Service = service;
        s.Blue = blue;
        s.Capacity = blue.TargetSize ?? 0;
        s.GreenName = blue.Name;
        s.StrategyUsed = DeployStrategy.Rolling;
        if (templates.Count > 1)
        {
            // A canary under way: withdrawn; what the last finished deploy replaced stays on record.
            (s.BlueTemplate, s.NewTemplate, s.StrategyUsed) = (templates[0], templates[0], DeployStrategy.Canary);
            s.BlueImage = (await c.Fleet.TemplateAsync(templates[1], ct)).Image;
            s.Image = await AvailableAsync((await c.Fleet.TemplateAsync(templates[0], ct)).Image, ct);
            c.Log.Info($"{blue.Name}: withdrawing the canary {templates[1]}; every instance back on {templates[0]}");
            return;
        }
        s.BlueTemplate = templates[0];
        s.BlueImage = (await c.Fleet.TemplateAsync(templates[0], ct)).Image;
        var target = GceDeployNames.RollbackOf(service.Description)
            ?? throw new KilnInputException($"group {blue.Name} has no earlier deploy to go back to (backend service {service.Name} names none)");
        if (target.Kind == RollbackTarget.GroupKind)
        {
            var previous = members.FirstOrDefault(m => m.Name == target.Name) ?? throw new KilnInputException(
                $"{blue.Name} rolls back to group {target.Name}, which no longer exists: deploy the image you want instead");
            s.GreenName = previous.Name;
            s.NewTemplate = GceFleet.TemplatesOf(previous)[0];
            s.StrategyUsed = DeployStrategy.BlueGreen;
            s.Rollback = new RollbackTarget(RollbackTarget.GroupKind, blue.Name);
        }
        else
        {
            s.NewTemplate = target.Name;
            s.Rollback = new RollbackTarget(RollbackTarget.TemplateKind, templates[0]);
        }
        if (s.NewTemplate == s.BlueTemplate && s.GreenName == blue.Name)
            throw new KilnInputException($"group {blue.Name} already runs {s.NewTemplate}: nothing to roll back");
        s.Image = await AvailableAsync((await c.Fleet.TemplateAsync(s.NewTemplate, ct)).Image, ct);
        c.Log.Info($"{blue.Name} serves {s.BlueImage}; rolling back to {target} ({s.Image.Id})");
    }

    public Task CleanupAsync(GceDeployState s, CancellationToken ct) => Task.CompletedTask;

    private async Task<CloudImage> AvailableAsync(ImageId id, CancellationToken ct) =>
        await c.Fleet.ImageAsync(id, ct) is { State: ImageState.Available } image ? image
            : throw new KilnInputException($"image {id} is not available any more: deploy another image instead");
}
