using Kiln.Baking.Testing;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the spec's SSH source CIDRs or the caller's own address; produces a temporary group that opens
/// TCP/SSH to that one address only (Packer's default opened it to the world).</summary>
public sealed class StepCreateSecurityGroup(BakeContext c) : IStep<BakeState>
{
    public string Name => "create security group";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (state.Spec.Launch.SecurityGroupIds is [var existing, ..])
        {
            // Packer's security_group_id(s): the user's own group, used as is and never deleted.
            state.SecurityGroup = new SecurityGroupId(existing);
            state.SecurityGroupIsOwn = false;
            if (state.Spec.Launch.SecurityGroupIds.Count > 1)
                state.Warnings.Add($"only the first security group ({existing}) is attached; the cloud port takes one");
            c.Log.Info($"Using the existing security group {existing}");
            return;
        }
        if (state.Spec.Launch.VpcId is { } vpc)
            state.Warnings.Add($"vpc_id {vpc} is not passed on: the temporary group is made in the cloud's default VPC");
        var cidr = await CallerAddress.CidrAsync(state.Spec, c.Options.CallerAddressService, ct);
        if (state.Spec.SshSourceCidrs.Count > 1)
            state.Warnings.Add($"only the first SSH source CIDR ({cidr}) is opened; the cloud port takes one");
        var id = await c.Cloud.CreateSecurityGroupAsync(state.Run.Value, $"Kiln temporary group for run {state.Run}: SSH from {cidr}",
            cidr, state.Spec.Ssh.Port, KilnTags.ForTemporary(state.Run), ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.SecurityGroup = id;
        state.SecurityGroupIsOwn = true;
        state.SshSourceCidr = cidr;
        await c.Ledger.CreatedAsync(ResourceKind.SecurityGroup, id.Value);
        c.Log.Info($"Created temporary security group {id}: port {state.Spec.Ssh.Port} open to {cidr} only");
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.SecurityGroup is not { } id || !state.SecurityGroupIsOwn) return;
        // Retried: EC2 refuses (DependencyViolation) until the terminated instance has left the group.
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.DeleteSecurityGroupAsync(id, t)), ct);
        await c.Ledger.CleanedAsync(ResourceKind.SecurityGroup, id.Value);
        state.SecurityGroup = null;
    }
}
