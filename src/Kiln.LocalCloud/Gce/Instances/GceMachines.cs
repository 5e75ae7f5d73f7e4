using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>The podman side of Compute Engine instances, over the machine runtime both APIs share: the boot script
/// (host keys, the guest's ssh-keys, sshd) and what becomes of the boot disk when the instance goes.</summary>
public static class GceMachines
{
    public static string BootScript(GceInstanceRecord i, TimeSpan sshdDelay) => $"""
        #!/bin/sh
        # Boot script of the Compute Engine instance {i.Name} ({i.Number}), written by Kiln's local cloud.
        {Compute.BootScript.HostKeys}
        sh /kiln-boot/{GuestEnvironment.ScriptFile} >/var/log/kiln-guest-keys.log 2>&1
        {Compute.BootScript.Sshd(sshdDelay)}
        """;

    public static Task StartNewAsync(CloudServices cloud, GceInstanceRecord i, GceMetadata project, CancellationToken ct) =>
        cloud.Machines.StartNewAsync(new MachineSpec(i.MachineId, i.PodmanImage, i.Address, i.Name, BootScript(i, cloud.SshdDelay),
            GuestEnvironment.BootFiles(i.Metadata, project), []), ct);

    /// <summary>The boot disk's content outlives the container when the disk is kept: committed to the disk's own
    /// podman image first (paused, a second or less).</summary>
    public static async Task<string?> KeepDiskAsync(CloudServices cloud, GceInstanceRecord i, GceDiskRecord disk, CancellationToken ct)
    {
        var container = cloud.Machines.ContainerName(i.MachineId);
        if (await cloud.Podman.ContainerStateAsync(container, ct) is not { } state) return disk.PodmanImage;
        var target = cloud.Layout.GcePodmanImage($"disk-{disk.Number}");
        await cloud.Podman.CommitAsync(container, target, pause: state == "running", ct);
        return target;
    }

    /// <summary>Removes a podman name only when it is one of this home's Compute Engine names (never the base).</summary>
    public static async Task ForgetAsync(CloudServices cloud, string? podmanImage, CancellationToken ct)
    {
        if (podmanImage is not null && podmanImage.StartsWith(cloud.Layout.GceRepository + ":", StringComparison.Ordinal))
            await cloud.Podman.RemoveImageAsync(podmanImage, ct);
    }
}
