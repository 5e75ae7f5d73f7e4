using Kiln.Baking;
using Kiln.Deploy;

namespace Kiln.Gcp.Deploy;

/// <summary>What every Compute Engine deploy step works with: the run's context, the adapter and the deploy's calls.</summary>
public sealed record GceDeployContext(DeployContext Run, GceCloud Cloud, GceFleet Fleet, GceDeployProvider Port)
{
    public Ledger Ledger => Run.Ledger;
    public MaskedRunLog Log => Run.Log;
    public DeployTimings Timings => Run.Timings;
}
