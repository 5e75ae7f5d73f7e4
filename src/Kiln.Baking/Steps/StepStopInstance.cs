using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the instance; stops it and waits until it is stopped, so the image is taken from quiet disks (a spot
/// instance is left running, as Packer leaves it).</summary>
public sealed class StepStopInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "stop instance";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var id = state.Instance!.Value;
        if (state.Spec.Launch.Ec2?.Spot is not null)
        {
            // EC2 cannot stop a one-time spot instance (UnsupportedOperation); as Packer does, the image is made from the
            // running instance, which CreateImage reboots for consistent disks.
            c.Log.Info($"Instance {id} is a spot instance: it is imaged running (CreateImage reboots it)");
            return;
        }
        await c.Cloud.StopInstanceAsync(id, ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        var stopped = await c.Poller.UntilAsync(c.Timings.InstanceStopped,
            t => new ValueTask<CloudInstance?>(c.Cloud.GetInstanceAsync(id, t)),
            i => i is null || i.State is InstanceState.Stopped or InstanceState.Terminated or InstanceState.ShuttingDown, ct);
        if (stopped?.State != InstanceState.Stopped)
            throw new InvalidOperationException($"instance {id} did not stop: {stopped?.State.ToString() ?? "gone"}");
        c.Log.Info($"Stopped instance {id}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
