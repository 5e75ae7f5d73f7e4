using Kiln.Aws;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Deploy.Aws.Steps;
using Kiln.Deploy.Steps;

namespace Kiln.Deploy.Aws;

/// <summary>Deploys on EC2 (the local cloud or AWS): a launch template, Auto Scaling groups behind target groups.
/// Blue/green makes a new group per deploy; rolling is an instance refresh of the group in service.</summary>
public sealed class AwsDeployProvider(AwsCloud cloud, DeployTimings timings) : DeployProvider<AwsDeployState>
{
    public override ICloud Cloud => cloud;
    public override ResourceKind GroupKind => ResourceKind.AutoScalingGroup;

    protected override AwsDeployState NewState(DeployRequest request) => new(request);

    protected override IReadOnlyList<IStep<AwsDeployState>> Plan(DeployRequest r, DeployContext run)
    {
        var c = new AwsDeployContext(run, cloud, new DeployCloud(cloud, timings), this);
        return (r.Kind, r.Strategy) switch
        {
            (DeployKind.Create, _) => [new StepCheckCreate(c), new StepCreateFirstGroup(c), new StepWaitHealthy<AwsDeployState>(run, this)],
            (DeployKind.Deploy, DeployStrategy.BlueGreen) =>
            [
                new StepCheckDeploy(c),
                new StepNewTemplateVersion(c),
                new StepCreateGreen(c),                             // cleanup: delete green unless traffic moved to it
                new StepWaitHealthy<AwsDeployState>(run, this),     // traffic is on green from here
                new StepRetireBlue(c),                              // detach, drain, scale to 0, keep
            ],
            (DeployKind.Deploy, DeployStrategy.Rolling) => [new StepCheckDeploy(c), new StepNewTemplateVersion(c), new StepRollingRefresh(c)],
            (DeployKind.Rollback, _) => [new StepCheckRollback(c), new StepRollbackRoute(c)],
            _ => throw new Core.KilnInputException($"strategy {DeployStrategies.Name(r.Strategy)} is not offered on {cloud.Describe}: use blue-green or rolling"),
        };
    }

    /// <summary>Until green has the capacity InService, each healthy in every target group.</summary>
    public override Task WaitServingAsync(AwsDeployState s, CancellationToken ct) =>
        new DeployCloud(cloud, timings).WaitInServiceAsync(s.GreenName!, s.Capacity, s.TargetGroups, ct);
}
