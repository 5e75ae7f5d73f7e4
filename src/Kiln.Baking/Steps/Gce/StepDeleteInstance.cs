using Kiln.Core.Steps;

namespace Kiln.Baking.Steps.Gce;

/// <summary>Uses the stopped instance; deletes it and waits until it is gone. Its boot disk (autoDelete false) stays:
/// the image is made from it, as Packer's googlecompute builder does.</summary>
public sealed class StepDeleteInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "delete instance";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var id = state.Instance!.Value;
        await c.Cloud.TerminateInstanceAsync(id, ct);
        await c.Ledger.CleanedAsync(Core.Runs.ResourceKind.Instance, id.Value);
        state.Instance = null;
        c.Log.Info($"Deleted instance {id}; its disk {state.Disk} stays for the image");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
