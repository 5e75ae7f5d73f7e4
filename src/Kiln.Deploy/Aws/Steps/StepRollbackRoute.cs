using Kiln.Core.Steps;
using Kiln.Deploy.Steps;

namespace Kiln.Deploy.Aws.Steps;

/// <summary>A rollback goes back the way the deploy came: to the previous group (restore it, wait until healthy,
/// retire the current one) or to the previous launch template version (an instance refresh). This step runs the
/// right sub-plan's steps in order and their cleanups in reverse, as the runner would.</summary>
public sealed class StepRollbackRoute(AwsDeployContext c) : IStep<AwsDeployState>
{
    private readonly List<IStep<AwsDeployState>> _started = [];
    public string Name => "rollback";

    public async Task RunAsync(AwsDeployState s, CancellationToken ct)
    {
        IStep<AwsDeployState>[] steps = s.GreenName == s.Blue!.Name
            ? [new StepRollingRefresh(c)]
            : [new StepRestorePrevious(c), new StepWaitHealthy<AwsDeployState>(c.Run, c.Port), new StepRetireBlue(c)];
        foreach (var step in steps)
        {
            _started.Add(step);
            c.Log.Info($"--> {step.Name}");
            await step.RunAsync(s, ct);
        }
    }

    public async Task CleanupAsync(AwsDeployState s, CancellationToken ct)
    {
        for (var i = _started.Count - 1; i >= 0; i--) await _started[i].CleanupAsync(s, ct);
    }
}
