using Kiln.Core;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the request. Produces: blue (the group in service), its template version and image, the image to
/// roll out, the green name. Everything is checked here, before any change.</summary>
public sealed class StepCheckDeploy(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "check";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var groups = await c.Fleet.GroupsAsync(ct);
        var blue = Fleet.Current(r.Group, groups) ?? throw new KilnInputException(
            $"no group of deploy '{r.Group}' is in service in {c.Cloud.Describe}: create the first one with `kiln deploy … --group {r.Group} --create --target-group NAME:PORT --capacity N`");
        var template = blue.LaunchTemplate?.Id ?? throw new KilnInputException(
            $"group {blue.Name} has no launch template (launch configurations are not deployed by Kiln): give it a launch template first");
        var (version, blueImage) = await c.Fleet.TemplateVersionAsync(template, blue.LaunchTemplate.Version, ct);
        var image = await ImagePicker.PickAsync(c.Cloud, r.Family, r.Image, ct);
        if (image.Id == blueImage)
            throw new KilnInputException($"image {image.Id} ({image.Name}) is already in service in group {blue.Name}: nothing to deploy");
        if (r.Strategy == DeployStrategy.Rolling)
        {
            var refreshes = await c.Cloud.AutoScaling.DescribeInstanceRefreshesAsync(blue.Name, null, ct);
            if (refreshes.Any(x => x.Status is "Pending" or "InProgress" or "Cancelling"))
                throw new KilnInputException($"group {blue.Name} has an instance refresh under way: wait for it to end");
        }
        s.Blue = blue;
        s.TemplateId = template;
        s.BlueVersion = version;
        s.BlueImage = blueImage;
        s.Image = image;
        s.TargetGroups = blue.TargetGroupArns;
        s.Capacity = blue.DesiredCapacity;
        s.GreenName = r.Strategy == DeployStrategy.BlueGreen ? Fleet.NextName(r.Group, groups) : blue.Name;
        c.Log.Info($"{blue.Name} serves {blueImage} (launch template {template} version {version}, {blue.DesiredCapacity} instances); rolling out {image.Id} ({image.Name}) {(r.Strategy == DeployStrategy.BlueGreen ? $"as {s.GreenName}" : "by instance refresh")}");
    }

    public Task CleanupAsync(AwsDeployState s, CancellationToken ct) => Task.CompletedTask;
}
