using Kiln.Aws;
using Kiln.Baking;

namespace Kiln.Deploy;

/// <summary>What every deploy step works with.</summary>
public sealed record DeployContext(AwsCloud Cloud, DeployCloud Fleet, Ledger Ledger, MaskedRunLog Log, TimeProvider Clock, DeployTimings Timings);
