namespace Kiln.LocalCloud.Podman;

/// <summary>One instance's container: its image, loopback address, boot directory and labels.</summary>
public sealed record ContainerSpec(
    string Name, string Image, string Address, string BootDirectory, string Hostname,
    IReadOnlyDictionary<string, string> Labels);
