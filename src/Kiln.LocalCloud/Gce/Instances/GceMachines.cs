using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Gce.Metadata;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Instances;

/// <summary>The podman side of Compute Engine instances, over the machine runtime both APIs share: the boot script
/// (host keys, the guest's ssh-keys, the `startup-script` metadata, sshd), the metadata files, the ports the firewall
/// opens, and what becomes of the boot disk when the instance goes.</summary>
public static class GceMachines
{
    public static string BootScript(GceInstanceRecord i, TimeSpan sshdDelay) => $"""
        #!/bin/sh
        # Boot script of the Compute Engine instance {i.Name} ({i.Number}), written by Kiln's local cloud.
        {Compute.BootScript.HostKeys}
        sh /kiln-boot/{GuestEnvironment.ScriptFile} >/var/log/kiln-guest-keys.log 2>&1
        {StartupScript}
        {Compute.BootScript.Sshd(sshdDelay)}
        """;

    /// <summary>Google's guest environment runs `startup-script` at every boot, as root, in the background (the
    /// instance is RUNNING before it ends); its output goes to /var/log/kiln-startup-script.log.</summary>
    public const string StartupScript = """
        script=/kiln-boot/instance/attributes/startup-script
        if [ -f "$script" ]; then
          cp "$script" /var/lib/kiln/startup-script
          chmod 700 /var/lib/kiln/startup-script
          case "$(head -c 2 /var/lib/kiln/startup-script)" in
            '#!') (/var/lib/kiln/startup-script >/var/log/kiln-startup-script.log 2>&1 &) ;;
            *) (sh /var/lib/kiln/startup-script >/var/log/kiln-startup-script.log 2>&1 &) ;;
          esac
        fi
        """;

    public static Task StartNewAsync(CloudServices cloud, GceInstanceRecord i, GceMetadata project, CancellationToken ct)
    {
        var (image, ports) = cloud.State.Read(tx => (
            i.Disks.FirstOrDefault(d => d.Boot) is { } boot ? tx.Get<GceDiskRecord>(boot.Source)?.SourceImage : null,
            Firewalls.FirewallPorts.For(tx, i.Project, i.Tags.Items)));
        var files = GuestEnvironment.BootFiles(i.Metadata, project);
        foreach (var (name, content) in InstanceMetadataFiles.For(i, image)) files[name] = content;
        return cloud.Machines.StartNewAsync(new MachineSpec(i.MachineId, i.PodmanImage, i.Address, i.Name, BootScript(i, cloud.SshdDelay),
            files, ports), ct);
    }

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
