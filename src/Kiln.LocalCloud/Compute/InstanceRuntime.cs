using System.Text;
using Kiln.Core;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>The podman side of instances: boot files, the container, its removal, and the state rows that go with it.</summary>
public sealed class InstanceRuntime(CloudServices cloud)
{
    /// <summary>Writes the boot directory and starts the container (about 1 s).</summary>
    public async Task LaunchAsync(InstanceRecord instance, string? publicKey, CancellationToken ct)
    {
        var dir = KilnPaths.EnsurePrivateDirectory(cloud.Layout.InstanceDirectory(instance.Id));
        await File.WriteAllTextAsync(Path.Combine(dir, "boot.sh"), BootScript.For(instance.Id, instance.LoginUser, cloud.SshdDelay), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(dir, "boot.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(dir, "authorized_keys"), publicKey is null ? "" : publicKey.Trim() + "\n", ct);
        // The instance's metadata as files (the local cloud's stand-in for EC2's metadata service): user data reads
        // /kiln-boot/meta-data/ami-id as it would `curl 169.254.169.254/latest/meta-data/ami-id`.
        var meta = Directory.CreateDirectory(Path.Combine(dir, "meta-data")).FullName;
        foreach (var (name, value) in new[] { ("instance-id", instance.Id), ("ami-id", instance.ImageId),
                     ("instance-type", instance.InstanceType), ("local-ipv4", instance.Address), ("placement-availability-zone", instance.AvailabilityZone) })
            await File.WriteAllTextAsync(Path.Combine(meta, name), value, ct);
        if (instance.UserData is { } userData)
            await File.WriteAllBytesAsync(Path.Combine(dir, "user-data"), DecodeUserData(userData), ct);
        await cloud.Podman.RunAsync(new ContainerSpec(
            cloud.Layout.ContainerName(instance.Id), cloud.Layout.PodmanImage(instance.ImageId), instance.Address, dir,
            "ip-" + instance.Address.Replace('.', '-'),
            new Dictionary<string, string> { ["kiln.home"] = cloud.Layout.HomeHash, ["kiln.instance"] = instance.Id },
            cloud.State.Read(tx => PublishedPorts.For(tx, instance.SecurityGroupIds))), ct);
    }

    /// <summary>UserData arrives base64-encoded (as EC2 requires); text that is not base64 is taken as it is.</summary>
    public static byte[] DecodeUserData(string userData)
    {
        try { return Convert.FromBase64String(userData); }
        catch (FormatException) { return Encoding.UTF8.GetBytes(userData); }
    }

    /// <summary>Removes the container and boot files, releases the address, and records the instance terminated.</summary>
    public async Task DestroyAsync(string instanceId, string reason, CancellationToken ct)
    {
        await cloud.Podman.RemoveContainerAsync(cloud.Layout.ContainerName(instanceId), ct);
        var dir = cloud.Layout.InstanceDirectory(instanceId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var now = cloud.Now;
        var imageGone = cloud.State.Write(tx =>
        {
            cloud.Addresses.Release(tx, instanceId);
            if (tx.Get<InstanceRecord>(instanceId) is not { } i) return false;
            tx.Put(i with { State = InstanceStates.Terminated, TerminatedAt = i.TerminatedAt ?? now, StateTransitionReason = reason });
            return tx.Get<ImageRecord>(i.ImageId) is null;
        });
        // The instance's image was deregistered while it ran; its podman tag can go now.
        if (imageGone) await cloud.Images.CollectAsync(ct);
    }

    /// <summary>Drops terminated instances older than an hour (AWS stops listing them then).</summary>
    public static void Purge(StateTx tx, DateTimeOffset now)
    {
        foreach (var i in tx.All<InstanceRecord>())
            if (i.State == InstanceStates.Terminated && i.TerminatedAt is { } t && now - t > InstanceStates.TerminatedVisibleFor)
                tx.Delete<InstanceRecord>(i.Id);
    }
}
