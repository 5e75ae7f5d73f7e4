using Kiln.Baking.Provisioners;
using Kiln.Core.Steps;

namespace Kiln.Baking.Steps;

/// <summary>Uses the SSH target; runs each provisioner in order (ansible, shell, file). When one fails, the
/// error-cleanup provisioner runs before the failure goes on.</summary>
public sealed class StepProvision(BakeContext c) : IStep<BakeState>
{
    public string Name => "provision";

    public async Task RunAsync(BakeState state, CancellationToken ct)
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
            catch (Exception e) when (e is not OperationCanceledException && state.Spec.ErrorCleanupProvisioner is { } cleanup)
            {
                c.Log.Write("error", $"{ProvisionerRunner.Describe(spec)} failed: {e.Message}; running the error-cleanup provisioner");
                try { await runner.RunAsync(cleanup, context, ct); }
                catch (Exception inner) when (inner is not OperationCanceledException)
                {
                    c.Log.Write("error", $"the error-cleanup provisioner failed too: {inner.Message}");
                }
                throw;
            }
        }
    }

    public Task CleanupAsync(BakeState state, CancellationToken ct) => Task.CompletedTask;
}
