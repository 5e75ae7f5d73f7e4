namespace Kiln.Server.Jobs;

/// <summary>This `kiln serve` process among the workers of one database: its Quartz instance id, host and pid
/// (written on each run it starts), and the cloud its runs use.</summary>
public sealed record WorkerIdentity(string Id, string Host, int Pid, string Cloud)
{
    public static WorkerIdentity ForThisProcess(string cloud) =>
        new($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..4]}",
            Environment.MachineName, Environment.ProcessId, cloud);
}
