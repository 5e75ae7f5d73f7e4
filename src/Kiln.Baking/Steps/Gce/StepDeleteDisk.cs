using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Gce;

/// <summary>Uses the boot disk; deletes it once the image is made. On failure the run-instance step's cleanup deletes
/// it, after the instance.</summary>
public sealed class StepDeleteDisk(BakeContext c) : IStep<BakeState>
{
    public string Name => "delete disk";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.Disk is not { } disk) return;
        await c.Images<IDiskImages>().DeleteDiskAsync(disk, ct);
        await c.Ledger.CleanedAsync(ResourceKind.Disk, disk.Value);
        state.Disk = null;
        c.Log.Info($"Deleted disk {disk}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
