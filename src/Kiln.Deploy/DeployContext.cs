using Kiln.Baking;

namespace Kiln.Deploy;

/// <summary>What every deploy step works with, whatever the cloud: the run's ledger and log, the clock, the waits.</summary>
public sealed record DeployContext(Ledger Ledger, MaskedRunLog Log, TimeProvider Clock, DeployTimings Timings);
