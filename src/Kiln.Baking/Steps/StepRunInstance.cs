using Kiln.Baking.Polling;
using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the source image, key pair and group; produces the running builder instance and its address.
/// Its cleanup terminates the instance and waits until it is gone.</summary>
public sealed class StepRunInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "run instance";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var tags = SourceVariables.Render(spec.RunTags, state);
        // A Name in run_tags wins, as in Packer (its default is "Packer Builder").
        tags.TryAdd("Name", $"Kiln builder {spec.Family?.Name ?? spec.ImageName}");
        foreach (var (k, v) in KilnTags.ForTemporary(state.Run)) tags[k] = v;
        var request = new InstanceRequest(state.SourceImage!.Id, spec.InstanceType, state.Credential!,
            state.SshRule!.Value, tags, spec.RootVolume, spec.UserData,
            state.Network?.SubnetId ?? spec.Launch.SubnetId, spec.Launch.AssociatePublicIp, spec.Launch.ShutdownBehavior)
        {
            Name = state.Run.Value, Network = spec.Launch.Network, Gce = spec.Launch.Gce, Ec2 = spec.Launch.Ec2,
        };
        LaunchedInstance launched;
        try { launched = await c.Cloud.LaunchAsync(request, ct); }
        catch (Exception) when (!state.Instance.HasValue)
        {
            // Cancelled or failed while RunInstances was in flight: the cloud may have made the instance all the same
            // (the answer was lost, not the call). Find it by the run's tag so that the cleanup terminates it and the
            // key pair and group it holds can go.
            await AdoptLaunchedAsync(state);
            throw;
        }
        var id = launched.Id;
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.Instance = id;
        await c.Ledger.CreatedAsync(ResourceKind.Instance, id.Value);
        foreach (var also in launched.AlsoMade)
        {
            if (also.Kind == ResourceKind.Disk) state.Disk = new DiskId(also.Id);
            await c.Ledger.CreatedAsync(also.Kind, also.Id);
        }
        c.Log.Info($"Launched instance {id} ({spec.InstanceType}) from {state.SourceImage.Id}"
                   + (state.Network?.SubnetId is { } subnet ? $" in {subnet} ({state.Network.AvailabilityZone})" : ""));

        var running = await c.Poller.UntilAsync(c.Timings.InstanceRunning, async t =>
            await c.Cloud.GetInstanceAsync(id, t) ?? throw new NotYetException($"{id} is not known yet"),
            i => i.State != InstanceState.Pending && (i.State != InstanceState.Running || i.Address is not null), ct);
        if (running.State != InstanceState.Running || running.Address is null)
            throw new InvalidOperationException($"instance {id} is {running.State}, not running{(running.StateReason is { } r ? $": {r}" : "")}");
        state.Address = AddressFor(running, spec.Ssh.Interface)
            ?? throw new InvalidOperationException($"instance {id} has no {spec.Ssh.Interface} address to SSH to");
        c.Log.Info($"Instance {id} is running at {state.Address}");
    }

    private async Task AdoptLaunchedAsync(BakeState state)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var found = await c.Cloud.FindInstancesByTagAsync(KilnTags.RunId, state.Run.Value, budget.Token);
            var live = found.FirstOrDefault(i => i.State is not (InstanceState.Terminated or InstanceState.ShuttingDown));
            if (live is null) return;
            state.Instance = live.Id;
            await c.Ledger.CreatedAsync(ResourceKind.Instance, live.Id.Value);
            c.Log.Info($"Instance {live.Id} was launched before the launch call ended; it is removed with the run");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The tag and the ledger still lead `kiln gc` to it; the launch's own error is the one to report.
            c.Log.Info($"Could not look for an instance the interrupted launch made: {c.Log.Mask(e.Message)}");
        }
    }

    /// <summary>Packer's ssh_interface: public_ip (falling back to the private address, as the local cloud has one
    /// address only) or private_ip.</summary>
    internal static string? AddressFor(CloudInstance instance, string sshInterface) =>
        sshInterface == "private_ip" ? instance.PrivateIp : instance.Address;

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.InstanceRelease is { } release)
        {
            state.InstanceRelease = null;
            // Its failure leaves state.Instance set: terminated again below, with the cleanup's own retries.
            try { await release; }
            catch (Exception e) when (e is not OutOfMemoryException) { c.Log.Info($"Terminating the build instance failed: {c.Log.Mask(e.Message)}; trying again"); }
        }
        await RemoveInstanceAsync(c, state, ct);
        // A boot disk that outlives its instance (Compute Engine, autoDelete false) goes after it: a disk in use cannot.
        if (state.Disk is not { } disk) return;
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Images<IDiskImages>().DeleteDiskAsync(disk, t)), ct);
        await c.Ledger.CleanedAsync(ResourceKind.Disk, disk.Value);
        c.Log.Info($"Deleted disk {disk}");
        state.Disk = null;
    }

    /// <summary>Terminates the instance and waits until it is gone (StepReleaseInstance starts it early).</summary>
    internal static async Task RemoveInstanceAsync(BakeContext c, BakeState state, CancellationToken ct)
    {
        if (state.Instance is not { } id) return;
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.TerminateInstanceAsync(id, t)), ct);
        await c.Poller.UntilAsync(c.Timings.InstanceTerminated, t => new ValueTask<CloudInstance?>(c.Cloud.GetInstanceAsync(id, t)),
            i => i is null or { State: InstanceState.Terminated }, ct);
        await c.Ledger.CleanedAsync(ResourceKind.Instance, id.Value);
        c.Log.Info($"Terminated instance {id}");
        state.Instance = null;
    }
}
