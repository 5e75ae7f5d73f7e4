using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>ena_support, sriov_support: uses the stopped instance; sets ENA and SR-IOV support on it so the image made
/// from it inherits them, as Packer's StepModifyEBSBackedInstance does (EC2 takes these on a stopped instance only).</summary>
public sealed class StepModifyInstance(BakeContext c) : IStep<BakeState>
{
    public string Name => "modify instance";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var attributes = state.Spec.ImageAttributes;
        var id = state.Instance!.Value;
        await c.Images<IInstanceImages>().SetNetworkSupportAsync(id, attributes.EnaSupport, attributes.SriovSupport, ct);
        c.Log.Info($"Set {(attributes.EnaSupport is { } ena ? $"ENA support {(ena ? "on" : "off")}" : "")}"
            + $"{(attributes.EnaSupport is not null && attributes.SriovSupport ? " and " : "")}{(attributes.SriovSupport ? "SR-IOV support" : "")} on {id}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
