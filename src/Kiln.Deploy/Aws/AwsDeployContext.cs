using Kiln.Aws;
using Kiln.Baking;

namespace Kiln.Deploy.Aws;

/// <summary>What every AWS deploy step works with: the run's context, the EC2 adapter and the deploy's own calls.</summary>
public sealed record AwsDeployContext(DeployContext Run, AwsCloud Cloud, DeployCloud Fleet, AwsDeployProvider Port)
{
    public Ledger Ledger => Run.Ledger;
    public MaskedRunLog Log => Run.Log;
    public TimeProvider Clock => Run.Clock;
    public DeployTimings Timings => Run.Timings;
}
