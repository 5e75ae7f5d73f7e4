using Kiln.Baking.Testing;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;
using Kiln.Core;

namespace Kiln.Baking.Steps;

/// <summary>Uses the spec's SSH source CIDRs or the caller's own address; produces a temporary rule that opens TCP/SSH
/// to that one address only, for this run's instance only (EC2: a security group; Compute Engine: a firewall rule for
/// a target tag only the instance carries). Packer's default opened it to the world.</summary>
public sealed class StepOpenSsh(BakeContext c, string name) : IStep<BakeState>
{
    public string Name => name;

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var given = state.Network?.SecurityGroupIds is { Count: > 0 } found ? found : state.Spec.Launch.SecurityGroupIds;
        if (given is [var existing, ..])
        {
            // Packer's security_group_id(s) or security_group_filter: the user's own group, used as is and never deleted.
            state.SshRule = new SshRuleId(existing);
            state.SshRuleIsOwn = false;
            if (given.Count > 1)
                state.Warnings.Add($"only the first security group ({existing}) is attached; the cloud port takes one");
            c.Log.Info($"Using the existing security group {existing}");
            return;
        }
        var cidr = await CallerAddress.CidrAsync(state.Spec, c.Options.CallerAddressService, ct);
        if (state.Spec.SshSourceCidrs.Count > 1)
            state.Warnings.Add($"only the first SSH source CIDR ({cidr}) is opened; the cloud port takes one");
        // The group belongs to the instance's VPC (vpc_id, or the one vpc_filter or subnet_filter chose), as in Packer.
        var id = await c.Cloud.OpenSshAsync(new SshRuleRequest(state.Run, cidr, state.Spec.Ssh.Port, KilnTags.ForTemporary(state.Run),
            state.Spec.Launch.Network) { VpcId = state.Network?.VpcId ?? state.Spec.Launch.VpcId }, ct);
        await PausePoints.AtAsync(state, Name, "mid", ct);
        state.SshRule = id;
        state.SshRuleIsOwn = true;
        state.SshSourceCidr = cidr;
        await c.Ledger.CreatedAsync(c.Cloud.SshRuleKind, id.Value);
        c.Log.Info($"Created temporary {Describe(c.Cloud.SshRuleKind)} {id}: port {state.Spec.Ssh.Port} open to {cidr} only");
    }

    private static string Describe(Core.Runs.ResourceKind kind) =>
        kind == Core.Runs.ResourceKind.Firewall ? "firewall rule" : "security group";

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.SshRule is not { } id || !state.SshRuleIsOwn) return;
        // Retried: EC2 refuses (DependencyViolation) until the terminated instance has left the group.
        await c.Poller.RetryAsync(c.Timings.CleanupRetry, t => new ValueTask(c.Cloud.CloseSshAsync(id, t)), ct);
        await c.Ledger.CleanedAsync(c.Cloud.SshRuleKind, id.Value);
        state.SshRule = null;
    }
}
