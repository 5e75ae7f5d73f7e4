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

    public async Task RunAsync(BakeState state, CancellationToken ct)
    {
        try { await ProvisionAsync(state, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await InstanceProblemAsync(state) is not { } cause) throw;
            throw new InvalidOperationException($"{cause}; {e.Message}", e);
        }
    }

    private async Task ProvisionAsync(BakeState state, CancellationToken ct)
    {
        var context = new ProvisionContext(state.Ssh!, "default", state.RunDirectory, c.Log, state.Spec.BuildName, c.Options.ColorOutput);
        var runner = new ProvisionerRunner(c.Clock);
        foreach (var spec in state.Spec.Provisioners)
        {
            try
            {
                c.Log.Info($"Provisioning with {ProvisionerRunner.Describe(spec)}");
                await runner.RunAsync(spec, context, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A dead instance cannot run the error-cleanup provisioner; a lost connection may mean it is dying.
                var gone = await InstanceGoneAsync(state, LostConnection(e));
                if (state.Spec.ErrorCleanupProvisioner is { } cleanup && gone is null)
                {
                    c.Log.Write("error", $"{ProvisionerRunner.Describe(spec)} failed: {e.Message}; running the error-cleanup provisioner");
                    try { await runner.RunAsync(cleanup, context, ct); }
                    catch (Exception inner) when (inner is not OperationCanceledException)
                    {
                        c.Log.Write("error", $"the error-cleanup provisioner failed too: {inner.Message}");
                    }
                }
                throw; // RunAsync names a dead instance as the cause
            }
        }
    }

    /// <summary>ssh's 255 and ansible's 4 (unreachable) mean the connection went: the instance may be dying.</summary>
    private static bool LostConnection(Exception e) =>
        e is Processes.ProcessFailedException { ExitCode: Ssh.SshClient.ConnectionLost or 4 };

    /// <summary>When a provisioner fails because the instance died under it, say so: "exit code 4" alone hides it.
    /// After a lost connection the cloud is asked a few times: its state lags the death by a moment.</summary>
    private async Task<string?> InstanceGoneAsync(BakeState state, bool lostConnection)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            for (var attempt = 0; ; attempt++)
            {
                var instance = await c.Cloud.GetInstanceAsync(state.Instance!.Value, quick.Token);
                if (instance is not { State: Kiln.Core.Cloud.InstanceState.Running })
                    return $"the instance {state.Instance} is {instance?.State.ToString().ToLowerInvariant() ?? "gone"}"
                        + (instance?.StateReason is { } r ? $" ({r})" : "");
                if (!lostConnection || attempt == 5) return null;
                await Task.Delay(TimeSpan.FromMilliseconds(500), c.Clock, quick.Token);
            }
        }
        catch (Exception) { return null; } // the diagnosis is a courtesy; the provisioner's error stands
    }

    /// <summary>Why the instance is no longer there to provision (not running), or null when it still runs or the
    /// cloud cannot say. Asked on its own short budget: the step has failed already, this only names the cause.</summary>
    private async Task<string?> InstanceProblemAsync(BakeState state)
    {
        if (state.Instance is not { } id) return null;
        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var now = await c.Cloud.GetInstanceAsync(id, budget.Token);
            if (now is { State: InstanceState.Running }) return null;
            return now is null
                ? $"the instance {id} disappeared during provisioning"
                : $"the instance {id} is {now.State.ToString().ToLowerInvariant()}: it died during provisioning"
                  + (now.StateReason is { } reason ? $" ({reason})" : "");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            c.Log.Write("error", $"could not ask the cloud about instance {id}: {e.Message}");
            return null;
        }
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
