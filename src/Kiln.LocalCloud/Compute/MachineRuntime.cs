using Kiln.Core;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Compute;

/// <summary>The podman side both APIs share: a machine's boot directory and container, and their removal.</summary>
public sealed class MachineRuntime(CloudServices cloud)
{
    public string ContainerName(string machineId) => cloud.Layout.ContainerName(machineId);

    public string BootDirectory(string machineId) => cloud.Layout.InstanceDirectory(machineId);

    /// <summary>Writes the boot directory and starts the container (about 1 s).</summary>
    public async Task StartNewAsync(MachineSpec spec, CancellationToken ct)
    {
        var dir = KilnPaths.EnsurePrivateDirectory(BootDirectory(spec.MachineId));
        var boot = Path.Combine(dir, "boot.sh");
        await File.WriteAllTextAsync(boot, spec.BootScript, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(boot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var (name, content) in spec.Files) await WriteFileAsync(spec.MachineId, name, content, ct);
        await cloud.Podman.RunAsync(new ContainerSpec(
            ContainerName(spec.MachineId), spec.PodmanImage, spec.Address, dir, spec.Hostname,
            new Dictionary<string, string> { ["kiln.home"] = cloud.Layout.HomeHash, ["kiln.instance"] = spec.MachineId },
            spec.Ports, spec.Published), ct);
    }

    /// <summary>Replaces one boot file at once (a rename: the container never reads half a file).</summary>
    public async Task WriteFileAsync(string machineId, string name, byte[] content, CancellationToken ct)
    {
        var path = Path.Combine(BootDirectory(machineId), name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, content, ct);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Removes the container and the boot files; a machine already gone is not an error.</summary>
    public async Task RemoveAsync(string machineId, CancellationToken ct)
    {
        await cloud.Podman.RemoveContainerAsync(ContainerName(machineId), ct);
        var dir = BootDirectory(machineId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
}
