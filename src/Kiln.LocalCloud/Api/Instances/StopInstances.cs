using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.Api.Instances.StateChanges;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>StopInstances: the machine halted (its processes frozen: <see cref="Podman.PodmanClient.HaltAsync"/>), then
/// stopped; the answer says `stopping`, as EC2's does. StartInstances boots it again. An instance of a one-time spot
/// request cannot be stopped (UnsupportedOperation, as in EC2).</summary>
public static class StopInstances
{
    public static Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct) =>
        ApplyAsync(call, async (i, token) =>
        {
            if (i.Settings.Spot is { Type: "one-time" })
                throw new Ec2Exception("UnsupportedOperation",
                    $"You can't stop the Spot Instance '{i.Id}' because it is associated with a one-time Spot Instance request. You can only stop Spot Instances associated with persistent Spot Instance requests.");
            switch (i.State)
            {
                case InstanceStates.Stopped: return new Change(i.Id, InstanceStates.Stopped, InstanceStates.Stopped);
                case InstanceStates.Running:
                    await call.Cloud.Podman.HaltAsync(call.Cloud.Layout.ContainerName(i.Id), token);
                    Record(call.Cloud, i.Id, InstanceStates.Stopped,
                        $"User initiated ({call.Cloud.Now.UtcDateTime:yyyy-MM-dd HH:mm:ss} GMT)");
                    return new Change(i.Id, InstanceStates.Stopping, InstanceStates.Running);
                default: throw Incorrect(i, "stopped");
            }
        }, ct);
}
