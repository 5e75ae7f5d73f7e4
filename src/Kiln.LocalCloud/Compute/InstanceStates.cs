namespace Kiln.LocalCloud.Compute;

/// <summary>EC2's instance state codes (the low byte of `instanceState/code`).</summary>
public static class InstanceStates
{
    public const string Pending = "pending", Running = "running", ShuttingDown = "shutting-down",
        Terminated = "terminated", Stopping = "stopping", Stopped = "stopped";

    public static int Code(string state) => state switch
    {
        Pending => 0, Running => 16, ShuttingDown => 32, Terminated => 48, Stopping => 64, Stopped => 80,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not an EC2 instance state"),
    };

    /// <summary>As on AWS, a terminated instance stays listed for about an hour.</summary>
    public static readonly TimeSpan TerminatedVisibleFor = TimeSpan.FromHours(1);
}
