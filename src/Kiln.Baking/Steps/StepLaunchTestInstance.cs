using Kiln.Baking.Ssh;
using Kiln.Baking.Testing;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the new image, the run's key and SSH rule; produces a fresh instance of the image, launched as a user
/// would launch it (the bake's instance type, the key given at launch, not baked in: the builder's key was removed
/// before imaging), and an SSH connection to it. Its cleanup closes that connection and terminates the instance.</summary>
public sealed class StepLaunchTestInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "launch test instance";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var tags = new Dictionary<string, string>(KilnTags.ForTemporary(state.Run)) { ["Name"] = $"Kiln test {spec.Family?.Name ?? spec.ImageName}" };
        var request = new InstanceRequest(state.Image!.Value, spec.InstanceType, state.Credential!, state.SshRule!.Value, tags,
            spec.RootVolume, null, spec.Launch.SubnetId, spec.Launch.AssociatePublicIp, spec.Launch.ShutdownBehavior) { Name = $"{state.Run.Value}-test" };
        var launched = await c.Cloud.LaunchAsync(request, ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.TestInstance = launched.Id;
        await c.Ledger.CreatedAsync(ResourceKind.Instance, launched.Id.Value);
        foreach (var also in launched.AlsoMade)
        {
            if (also.Kind == ResourceKind.Disk) state.TestDisk = new DiskId(also.Id);
            await c.Ledger.CreatedAsync(also.Kind, also.Id);
        }
        c.Log.Info($"Launched test instance {launched.Id} ({spec.InstanceType}) from the new image {state.Image}");

        var running = await c.Poller.UntilAsync(c.Timings.InstanceRunning, async t =>
            await c.Cloud.GetInstanceAsync(launched.Id, t) ?? throw new Polling.NotYetException($"{launched.Id} is not known yet"),
            i => i.State != InstanceState.Pending && (i.State != InstanceState.Running || i.Address is not null), ct);
        if (running.State != InstanceState.Running || StepRunInstance.AddressFor(running, spec.Ssh.Interface) is not { } address)
            throw new InvalidOperationException($"test instance {launched.Id} of the new image is {running.State}, not running with an address"
                + (running.StateReason is { } r ? $": {r}" : ""));
        state.TestSsh = await StepWaitForSsh.ConnectAsync(c, state, address, Socket(state), Name, ct);
    }

    private static string Socket(BakeState state) =>
        Path.Combine(Path.GetDirectoryName(SshTarget.MasterSocket(state.RunDirectory))! + "t", "master");

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        await ControlMasters.CloseAsync(Path.GetDirectoryName(Socket(state))!);
        state.TestSsh = null;
        if (state.TestInstance is { } id)
        {
            await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.TerminateInstanceAsync(id, t)), ct);
            await c.Poller.UntilAsync(c.Timings.InstanceTerminated, t => new ValueTask<CloudInstance?>(c.Cloud.GetInstanceAsync(id, t)),
                i => i is null or { State: InstanceState.Terminated }, ct);
            await c.Ledger.CleanedAsync(ResourceKind.Instance, id.Value);
            c.Log.Info($"Terminated test instance {id}");
            state.TestInstance = null;
        }
        if (state.TestDisk is { } disk)
        {
            await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Images<IDiskImages>().DeleteDiskAsync(disk, t)), ct);
            await c.Ledger.CleanedAsync(ResourceKind.Disk, disk.Value);
            state.TestDisk = null;
        }
    }
}
