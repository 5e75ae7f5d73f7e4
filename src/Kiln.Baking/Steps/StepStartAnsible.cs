using Kiln.Baking.Provisioners;
using Kiln.Baking.Ssh;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the private key; when the first provisioner is ansible, starts its ansible-playbook now, held before
/// its first task until the instance answers SSH (<see cref="EarlyAnsible"/>), so its start overlaps the launch.
/// Cleanup: stop it if the bake never got to provision.</summary>
public sealed class StepStartAnsible(BakeContext c) : IStep<BakeState>
{
    public string Name => "start ansible";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        if (EarlyAnsible.Candidate(state.Spec) is not { } spec) return;
        var ssh = state.Spec.Ssh;
        var pending = new SshTarget(EarlyAnsible.PendingAddress, ssh.Port, ssh.User, state.PrivateKeyPath!, SshTarget.MasterSocket(state.RunDirectory),
            Bastion: ssh.Bastion);
        var context = new ProvisionContext(pending, StepProvision.HostAlias, state.RunDirectory, c.Log, state.Spec.BuildName, c.Options.ColorOutput, state.Spec.BuilderType, state.AnsibleChanges);
        state.EarlyAnsible = await EarlyAnsible.StartAsync(spec, context, ct);
        c.Log.Info("Started ansible-playbook: it reads the playbook while the instance launches, and waits for SSH before its first task");
    }

    public async Task CleanupAsync(BakeState state, CancellationToken ct)
    {
        if (state.EarlyAnsible is not { } early) return;
        state.EarlyAnsible = null;
        await early.DisposeAsync();
    }
}
