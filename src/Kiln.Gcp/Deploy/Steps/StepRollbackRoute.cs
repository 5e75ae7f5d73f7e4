using Kiln.Core.Steps;
using Kiln.Deploy.Steps;

namespace Kiln.Gcp.Deploy.Steps;

/// <summary>A rollback goes back the way the deploy came: in the same group (a rolling update to the earlier template,
/// or a canary withdrawn) or to the previous group (restore it, wait until healthy, retire the current one). This step
/// runs the right sub-plan's steps in order and their cleanups in reverse, as the runner would.</summary>
public sealed class StepRollbackRoute(GceDeployContext c) : IStep<GceDeployState>
{
    private readonly List<IStep<GceDeployState>> _started = [];
    public string Name => "rollback";

    public async Task RunAsync(GceDeployState s, CancellationToken ct)
    {
        IStep<GceDeployState>[] steps = s.GreenName == s.Blue!.Name
            ? [new StepRollingUpdate(c), new StepWaitHealthy<GceDeployState>(c.Run, c.Port), new StepRecordRollback(c)]
            : [new StepRestorePrevious(c), new StepWaitHealthy<GceDeployState>(c.Run, c.Port), new StepRetireBlue(c), new StepRecordRollback(c)];
        foreach (var step in steps)
        {
            _started.Add(step);
            c.Log.Info($"--> {step.Name}");
            await step.RunAsync(s, ct);
        }
    }

    public async Task CleanupAsync(GceDeployState s, CancellationToken ct)
    {
        for (var i = _started.Count - 1; i >= 0; i--) await _started[i].CleanupAsync(s, ct);
    }
}
