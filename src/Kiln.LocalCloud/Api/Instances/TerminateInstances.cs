using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.Api.Instances.StateChanges;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>TerminateInstances: the container and its address go at once; the instance stays listed as terminated
/// for an hour. The answer says `shutting-down`, as EC2's does. Terminating twice is not an error.</summary>
public static class TerminateInstances
{
    public static Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct) =>
        ApplyAsync(call, async (i, token) =>
        {
            if (!i.IsLive) return new Change(i.Id, InstanceStates.Terminated, InstanceStates.Terminated);
            await call.Cloud.Instances.DestroyAsync(i.Id,
                $"User initiated ({call.Cloud.Now.UtcDateTime:yyyy-MM-dd HH:mm:ss} GMT)", token);
            return new Change(i.Id, InstanceStates.ShuttingDown, i.State);
        }, ct);
}
