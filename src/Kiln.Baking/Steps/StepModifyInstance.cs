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
        var changes = new List<string>();
        if (attributes.EnaSupport is { } ena) changes.Add($"ENA support {(ena ? "on" : "off")}");
        if (attributes.SriovSupport) changes.Add("SR-IOV support on");
        c.Log.Info($"Set {string.Join(" and ", changes)} on {id}");
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
