namespace Kiln.LocalCloud.Compute;

/// <summary>
/// What either API's instance is on this machine: a container `kiln-{MachineId}` from a podman image, on its own
/// loopback address, started with a boot script and the files it reads from its boot directory (mounted read-only at
/// /kiln-boot). The EC2 side puts a key pair and meta-data there, the Compute Engine side ssh-keys metadata.
/// </summary>
public sealed record MachineSpec(
    string MachineId, string PodmanImage, string Address, string Hostname, string BootScript,
    IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<int> Ports, bool Published = true);
