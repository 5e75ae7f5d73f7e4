namespace Kiln.LocalCloud.Podman;

/// <summary>One instance's container: its image, loopback address, boot directory, labels, the TCP ports it
/// publishes on its address besides 22, and its network (null: podman's default; see <see cref="KilnNetwork"/>).</summary>
public sealed record ContainerSpec(
    string Name, string Image, string Address, string BootDirectory, string Hostname,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyList<int>? Ports = null, bool Published = true,
    string? Network = null);
