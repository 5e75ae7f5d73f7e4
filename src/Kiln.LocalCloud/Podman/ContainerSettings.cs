namespace Kiln.LocalCloud.Podman;

/// <summary>What every instance's container gets, whichever way it is made (<see cref="PodmanCommands"/> or
/// <see cref="PodmanApi"/>: the same container, compared field by field in a test): runc (crun fails on some hosts'
/// cgroups), podman's init (SIGTERM stops a container at once), explicit ulimits (raising RLIMIT_NOFILE may not be
/// permitted), its boot directory read-only at <see cref="BootMount"/> and the boot script there as its command.</summary>
public static class ContainerSettings
{
    public const string Runtime = "runc";
    public const string BootMount = "/kiln-boot";
    public const string BootCommand = BootMount + "/boot.sh";
    public static readonly IReadOnlyList<(string Type, int Limit)> Ulimits = [("nofile", 20000), ("nproc", 4096)];

    /// <summary>A stop's grace: sshd exits on SIGTERM at once, and user processes must not hold a stop for 10 s.</summary>
    public const int StopSeconds = 1;
}
