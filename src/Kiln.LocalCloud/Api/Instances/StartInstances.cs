using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Api.Instances.StateChanges;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>StartInstances: podman start of the same container (same address, same disk); the answer says `pending`.</summary>
public static class StartInstances
{
    public static Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct) =>
        ApplyAsync(call, async (i, token) =>
        {
            switch (i.State)
            {
                case InstanceStates.Running: return new Change(i.Id, InstanceStates.Running, InstanceStates.Running);
                case InstanceStates.Stopped:
                    await call.Cloud.Podman.StartAsync(call.Cloud.Layout.ContainerName(i.Id), token);
                    // A new start may get another bridge address.
                    if (i.NoPublicIp)
                    {
                        var bridge = await call.Cloud.Podman.BridgeAddressAsync(call.Cloud.Layout.ContainerName(i.Id), token);
                        call.Cloud.State.Write(tx => { if (tx.Get<InstanceRecord>(i.Id) is { } r) tx.Put(r with { BridgeAddress = bridge }); });
                    }
                    Record(call.Cloud, i.Id, InstanceStates.Running, null);
                    return new Change(i.Id, InstanceStates.Pending, InstanceStates.Stopped);
                default: throw Incorrect(i, "started");
            }
        }, ct);
}
