using Kiln.Baking.Provisioners;
using Kiln.Core.Cloud;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target; runs each provisioner in order (ansible, shell, file). When one fails, the
/// error-cleanup provisioner runs before the failure goes on. A failure while the instance itself died says so first:
/// "ansible-playbook exited 4 (unreachable)" alone would send the reader to the playbook.</summary>
public sealed class StepProvision(BakeContext c) : IStep<BakeState>
{
    public string Name => "provision";
    /// <summary>The instance's name in the inventory (Packer's too).</summary>
    public const string HostAlias = "default";

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        var context = new ProvisionContext(state.Ssh!, HostAlias, state.RunDirectory, c.Log, state.Spec.BuildName, c.Options.ColorOutput, state.Spec.BuilderType, state.AnsibleChanges);
        var runner = new ProvisionerRunner(c.Clock);
        foreach (var (spec, index) in state.Spec.Provisioners.Select((p, i) => (p, i)))
        {
            // The first provisioner may be under way already, waiting for the instance (StepStartAnsible).
            var early = index == 0 ? state.EarlyAnsible : null;
            try
            {
                c.Log.Info($"Provisioning with {ProvisionerRunner.Describe(spec)}");
                await runner.RunAsync(spec, context, ct, early);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A dead instance cannot run the error-cleanup provisioner, and it is the cause to name.
                if (await InstanceGoneAsync(state) is { } gone) throw new InvalidOperationException($"{gone}; {e.Message}", e);
                if (state.Spec.ErrorCleanupProvisioner is { } cleanup)
                {
                    c.Log.Write("error", $"{ProvisionerRunner.Describe(spec)} failed: {e.Message}; running the error-cleanup provisioner");
                    try { await runner.RunAsync(cleanup, context, ct); }
                    catch (Exception inner) when (inner is not OperationCanceledException)
                    {
                        c.Log.Write("error", $"the error-cleanup provisioner failed too: {inner.Message}");
                    }
                }
                throw;
            }
        }
    }

    /// <summary>Why the instance is no longer there to provision, or null when it still answers SSH (the playbook
    /// failed on its own) or the cloud keeps saying running. After a lost connection the cloud is asked for a while
    /// (<see cref="Polling.BakeTimings.InstanceGone"/>): EC2's state lags an instance's death by a moment. Asked on its
    /// own short budget: the step has failed already, this only names the cause.</summary>
    private async Task<string?> InstanceGoneAsync(BakeState state)
    {
        if (state.Instance is not { } id) return null;
        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (state.Ssh is { } ssh && await AnswersSshAsync(ssh, budget.Token)) return null;
            var now = await c.Poller.UntilAsync(c.Timings.InstanceGone, t => new ValueTask<CloudInstance?>(c.Cloud.GetInstanceAsync(id, t)),
                i => i is not { State: InstanceState.Running }, budget.Token);
            return now is null
                ? $"the instance {id} is gone: it died during provisioning"
                : $"the instance {id} is {(now.State == InstanceState.ShuttingDown ? "shutting-down" : now.State.ToString().ToLowerInvariant())}"
                  + (now.StateReason is { } reason ? $" ({reason})" : "") + ": it died during provisioning";
        }
        catch (TimeoutException) { return null; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            c.Log.Write("error", $"could not ask the cloud about instance {id}: {e.Message}");
            return null;
        }
    }

    private static async Task<bool> AnswersSshAsync(Ssh.SshTarget ssh, CancellationToken ct)
    {
        try
        {
            await Ssh.SshBannerProbe.ReadBannerAsync(ssh, ct);
            return true;
        }
        catch (Polling.NotYetException) { return false; }
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
