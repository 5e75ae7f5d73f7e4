using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.Core.Runs;
using Kiln.Core.Steps;
using Kiln.Deploy;
using Kiln.Deploy.Steps;
using Kiln.Gcp.Deploy.Steps;

namespace Kiln.Gcp.Deploy;

/// <summary>Deploys on Compute Engine (GCP or the local cloud's Compute endpoint): an instance template per image, a
/// managed instance group behind a regional backend service and forwarding rule. Rolling is the group's own PROACTIVE
/// update (maxUnavailable 0); blue/green a second group in the backend service; canary two versions in one group.</summary>
public sealed class GceDeployProvider(GceCloud cloud, DeployTimings timings) : DeployProvider<GceDeployState>
{
    public override ICloud Cloud => cloud;
    public override ResourceKind GroupKind => ResourceKind.InstanceGroupManager;

    protected override GceDeployState NewState(DeployRequest request) => new(request);

    protected override IReadOnlyList<IStep<GceDeployState>> Plan(DeployRequest r, DeployContext run)
    {
        var c = new GceDeployContext(run, cloud, new GceFleet(cloud, timings), this);
        var healthy = new StepWaitHealthy<GceDeployState>(run, this);
        return (r.Kind, r.Strategy, r.Promote) switch
        {
            (DeployKind.Create, _, _) =>
            [
                new StepCheckCreate(c),
                new StepCreateTemplate(c),
                new StepCreateFirstGroup(c),     // health check, firewall rule, group
                new StepCreateLoadBalancer(c),   // backend service, forwarding rule
                healthy,
            ],
            (DeployKind.Deploy, _, true) => [new StepCheckDeploy(c), new StepRollingUpdate(c), healthy, new StepRecordRollback(c)],
            (DeployKind.Deploy, DeployStrategy.Rolling, _) =>
                [new StepCheckDeploy(c), new StepCreateTemplate(c), new StepRollingUpdate(c), healthy, new StepRecordRollback(c)],
            (DeployKind.Deploy, DeployStrategy.Canary, _) =>
                [new StepCheckDeploy(c), new StepCreateTemplate(c), new StepCanaryUpdate(c), healthy],
            (DeployKind.Deploy, DeployStrategy.BlueGreen, _) =>
            [
                new StepCheckDeploy(c),
                new StepCreateTemplate(c),
                new StepCreateGreen(c),          // cleanup: out of the backend service and deleted unless traffic moved to it
                healthy,                         // traffic is on green from here
                new StepRetireBlue(c),           // out of the backend service, drained, sized 0, kept
                new StepRecordRollback(c),
            ],
            (DeployKind.Rollback, _, _) => [new StepCheckRollback(c), new StepRollbackRoute(c)],
            _ => throw new KilnInputException($"strategy {DeployStrategies.Name(r.Strategy)} is not offered on {cloud.Describe}"),
        };
    }

    /// <summary>Until green has settled with its new instances running and healthy in the backend service.</summary>
    public override Task WaitServingAsync(GceDeployState s, CancellationToken ct) =>
        new GceFleet(cloud, timings).WaitServingAsync(s.GreenName!, s.NewTemplate!, s.CanarySize ?? s.Capacity, s.Service!.Name, ct);
}
