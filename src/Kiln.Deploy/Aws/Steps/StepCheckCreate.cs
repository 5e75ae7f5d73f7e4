using Kiln.Core;
using Kiln.Core.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>Uses: the request's create options. Produces: the image. Checks that no group of the deploy exists, that a
/// target group of that name (if any) listens on the same port, and that the image is available.</summary>
public sealed class StepCheckCreate(AwsDeployContext c) : IStep<AwsDeployState>
{
    public string Name => "check";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        var r = s.Request;
        var o = r.Create!;
        var groups = await c.Fleet.GroupsAsync(ct);
        if (Fleet.Members(r.Group, groups).FirstOrDefault() is { } existing)
            throw new KilnInputException($"deploy '{r.Group}' already has group {existing.Name}: deploy to it without --create");
        if (await c.Cloud.ElbV2.FindTargetGroupAsync(o.TargetGroup, ct) is { } tg && tg.Port != o.TargetPort)
            throw new KilnInputException($"target group {o.TargetGroup} exists with port {tg.Port}, not {o.TargetPort}: give --port {tg.Port} or another name");
        s.Image = await ImagePicker.PickAsync(c.Cloud, r.Family, r.Image, ct);
        s.Capacity = o.Capacity;
        s.GreenName = r.Group;
    }

    public Task CleanupAsync(AwsDeployState s, CancellationToken ct) => Task.CompletedTask;
}
