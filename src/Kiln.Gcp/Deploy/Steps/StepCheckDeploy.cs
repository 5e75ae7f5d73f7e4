using Kiln.Core;
using Kiln.Core.Steps;
using Kiln.Deploy;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>Uses: the request. Produces: the backend service, blue (the group in service), its template and image, the
/// image to roll out (for `--promote`: the canary's), green's name, the canary's size and what a rollback goes back to.
/// Everything is checked here, before any change.</summary>
public sealed class StepCheckDeploy(GceDeployContext c) : IStep<GceDeployState>
{
    public string Name => "check";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var (service, members, blue) = await CurrentAsync(c, r.Group, ct);
        var templates = GceFleet.TemplatesOf(blue);
        var (_, blueImage) = await c.Fleet.TemplateAsync(templates[0], ct);
        if (blue.Status is { IsStable: false } && !r.Promote)
            throw new KilnInputException($"group {blue.Name} is changing now (an update or a resize is under way): wait until it is stable (`gcloud compute instance-groups managed wait-until {blue.Name} --stable`)");
        s.Service = service;
        s.Blue = blue;
        s.BlueTemplate = templates[0];
        s.BlueImage = blueImage;
        s.Capacity = blue.TargetSize ?? 0;
        if (r.Promote)
        {
            if (templates.Count < 2) throw new KilnInputException($"group {blue.Name} has no canary to promote: deploy one with --strategy canary --canary N%");
            s.NewTemplate = templates[1];
            var (_, canaryImage) = await c.Fleet.TemplateAsync(templates[1], ct);
            s.Image = await c.Fleet.ImageAsync(canaryImage, ct)
                ?? throw new KilnInputException($"the canary's image {canaryImage} does not exist any more: `kiln rollback` withdraws the canary");
            s.GreenName = blue.Name;
            s.StrategyUsed = DeployStrategy.Rolling;
            s.Rollback = new RollbackTarget(RollbackTarget.TemplateKind, templates[0]);
            c.Log.Info($"{blue.Name}: promoting the canary ({s.Image.Id}) to every instance");
            return;
        }
        if (templates.Count > 1)
            throw new KilnInputException($"group {blue.Name} has a canary under way ({templates[1]}): finish it with --promote or withdraw it with `kiln rollback`");
        var image = await ImagePicker.PickAsync(c.Cloud, r.Family, r.Image, ct);
        if (image.Id == blueImage)
            throw new KilnInputException($"image {image.Id} ({image.Name}) is already in service in group {blue.Name}: nothing to deploy");
        s.Image = image;
        if (r.Strategy == DeployStrategy.Canary)
        {
            s.CanarySize = Math.Max(1, (int)Math.Ceiling(s.Capacity * r.CanaryPercent / 100.0));
            if (s.CanarySize >= s.Capacity)
                throw new KilnInputException($"--canary {r.CanaryPercent}% of {s.Capacity} instance(s) is every instance: give a smaller share, or more capacity");
        }
        s.GreenName = r.Strategy == DeployStrategy.BlueGreen ? GroupGenerations.NextName(r.Group, members.Select(m => m.Name)) : blue.Name;
        s.Rollback = r.Strategy == DeployStrategy.BlueGreen
            ? new RollbackTarget(RollbackTarget.GroupKind, blue.Name)
            : new RollbackTarget(RollbackTarget.TemplateKind, templates[0]);
        c.Log.Info($"{blue.Name} serves {blueImage} (template {templates[0]}, {s.Capacity} instances, backend service {service.Name}); rolling out {image.Id} "
            + r.Strategy switch
            {
                DeployStrategy.BlueGreen => $"as {s.GreenName}",
                DeployStrategy.Canary => $"to {s.CanarySize} instance(s) as a canary",
                _ => "by the group's rolling update",
            });
    }

    public Task CleanupAsync(GceDeployState s, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The deploy's backend service, its groups, and the one in service.</summary>
    internal static async Task<(Api.BackendService Service, IReadOnlyList<Api.InstanceGroupManager> Members, Api.InstanceGroupManager Blue)> CurrentAsync(
        GceDeployContext c, string group, CancellationToken ct)
    {
        var problems = await c.Cloud.WhereProblemsAsync(ct);
        if (problems.Count > 0) throw new KilnInputException(problems);
        var service = await c.Fleet.ServiceAsync(group, ct) ?? throw new KilnInputException(
            $"no group of deploy '{group}' is in service in {c.Cloud.Describe}: create the first one with `kiln deploy … --group {group} --create --lb NAME:PORT --capacity N`");
        var members = await c.Fleet.MembersAsync(group, ct);
        var blue = GceFleet.Current(group, members, service)
            ?? throw new KilnInputException($"no group of deploy '{group}' is in service behind backend service {service.Name}: nothing to deploy to");
        return (service, members, blue);
    }
}
