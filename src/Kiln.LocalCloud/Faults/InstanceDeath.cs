using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Faults;

/// <summary>die-during=provision: the instance dies (its container is removed, EC2 state terminated with a
/// Server.InternalError reason) half a second after Ansible starts its first module on it. Ansible is recognised
/// by a python process inside the container (every Ansible module runs under python; sshd, the SSH readiness
/// probe and the key removal never do), found through the host's /proc: rootful containers' processes are visible there.</summary>
internal static class InstanceDeath
{
    public const string Reason = "Server.InternalError: the instance failed while it was being provisioned (fault injected: die-during=provision)";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MidTask = TimeSpan.FromMilliseconds(500);

    public static void DuringProvisioning(CloudServices cloud, string instanceId, FaultCounts counts, CancellationToken stopping) =>
        _ = Task.Run(() => WatchAsync(cloud, instanceId, counts, stopping), CancellationToken.None);

    private static async Task WatchAsync(CloudServices cloud, string instanceId, FaultCounts counts, CancellationToken stopping)
    {
        try
        {
            var container = cloud.Layout.ContainerName(instanceId);
            var deadline = DateTime.UtcNow + GiveUp;
            // The container's first process, asked again while podman is busy (a loaded machine): a fault that does
            // not happen must say why, or the test that injected it fails without a clue.
            string? pidNamespace = null;
            for (var attempt = 1; pidNamespace is null; attempt++)
            {
                var inspect = await cloud.Podman.ExecAsync(["inspect", "--type", "container", "--format", "{{.State.Pid}}", container], stopping);
                if (inspect.Ok && int.TryParse(inspect.Stdout.Trim(), out var pid) && pid > 0)
                    pidNamespace = NamespaceOf(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (pidNamespace is not null) break;
                if (attempt == 20 || !IsLive(cloud, instanceId))
                {
                    cloud.Trace($"local-cloud: fault: die-during=provision gives up on {instanceId}: no process to watch ({inspect.Stderr.Trim()})");
                    return;
                }
                await Task.Delay(Poll * 2, stopping);
            }
            while (!PythonRunsIn(pidNamespace))
            {
                if (DateTime.UtcNow > deadline || !IsLive(cloud, instanceId))
                {
                    cloud.Trace($"local-cloud: fault: die-during=provision gives up on {instanceId}: no Ansible seen while it lived");
                    return;
                }
                await Task.Delay(Poll, stopping);
            }
            await Task.Delay(MidTask, stopping);
            if (!IsLive(cloud, instanceId))
            {
                cloud.Trace($"local-cloud: fault: die-during=provision: {instanceId} ended before it could be killed");
                return;
            }
            cloud.Trace($"local-cloud: fault: {instanceId} dies during provisioning");
            counts.Kill();
            // The state says so before the container goes: a client that loses its connection and asks at once
            // must not be told "running".
            cloud.State.Write(tx =>
            {
                if (tx.Get<InstanceRecord>(instanceId) is { IsLive: true } i)
                    tx.Put(i with { State = Compute.InstanceStates.ShuttingDown, StateTransitionReason = Reason });
            });
            await cloud.Instances.DestroyAsync(instanceId, Reason, CancellationToken.None);
        }
        catch (OperationCanceledException) { /* the endpoint is stopping */ }
        catch (Exception e) { cloud.Trace($"local-cloud: fault: watching {instanceId} failed: {e.Message}"); }
    }

    private static bool IsLive(CloudServices cloud, string id) => cloud.State.Read(tx => tx.Get<InstanceRecord>(id))?.IsLive == true;

    private static string? NamespaceOf(string pid)
    {
        try { return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool PythonRunsIn(string pidNamespace)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]) || NamespaceOf(pid) != pidNamespace) continue;
            try
            {
                if (File.ReadAllText($"{dir}/cmdline").Contains("python", StringComparison.Ordinal)) return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the process ended */ }
        }
        return false;
    }
}
