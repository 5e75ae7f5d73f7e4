using Kiln.Core;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the request. Produces: blue (the group in service) and what to go back to, from blue's rollback
/// tag: the previous group (blue/green) or launch template version (rolling). Checked before any change.</summary>
public sealed class StepCheckRollback(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "check";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var groups = await c.Fleet.GroupsAsync(ct);
        var blue = Fleet.Current(r.Group, groups) ?? throw new KilnInputException($"no group of deploy '{r.Group}' is in service: nothing to roll back");
        var (previousGroup, previousVersion) = Fleet.RollbackTarget(blue);
        s.Blue = blue;
        s.TargetGroups = blue.TargetGroupArns;
        s.Capacity = blue.DesiredCapacity;
        s.TemplateId = blue.LaunchTemplate?.Id ?? throw new KilnInputException($"group {blue.Name} has no launch template");
        (s.BlueVersion, s.BlueImage) = await c.Fleet.TemplateVersionAsync(s.TemplateId, blue.LaunchTemplate.Version, ct);
        if (previousGroup is not null)
        {
            var previous = groups.FirstOrDefault(g => g.Name == previousGroup && g.Status is null) ?? throw new KilnInputException(
                $"{blue.Name} rolls back to group {previousGroup}, which no longer exists: deploy the image you want instead");
            var (_, image) = await c.Fleet.TemplateVersionAsync(previous.LaunchTemplate!.Id!, previous.LaunchTemplate.Version, ct);
            s.GreenName = previous.Name;
            s.Image = image is { } id ? await c.Cloud.GetImageAsync(id, ct) : null;
            if (s.Image is not { State: Core.Cloud.ImageState.Available })
                throw new KilnInputException($"group {previous.Name}'s image {image} is not available any more: deploy another image instead");
        }
        else if (previousVersion is { } v)
        {
            var (_, image) = await c.Fleet.TemplateVersionAsync(s.TemplateId, v.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            s.GreenName = blue.Name;
            s.StrategyUsed = DeployStrategy.Rolling;
            s.TargetVersion = v;
            s.Image = image is { } id ? await c.Cloud.GetImageAsync(id, ct) : null;
            if (s.Image is not { State: Core.Cloud.ImageState.Available })
                throw new KilnInputException($"launch template version {v}'s image {image} is not available any more: deploy another image instead");
        }
        else throw new KilnInputException($"group {blue.Name} has no earlier deploy to go back to (no {DeployTags.Rollback} tag)");
        c.Log.Info($"{blue.Name} serves {s.BlueImage}; rolling back to {(previousGroup is null ? $"version {previousVersion}" : $"group {previousGroup}")} ({s.Image!.Id})");
    }

    public Task CleanupAsync(AwsDeployState s, CancellationToken ct) => Task.CompletedTask;
}
