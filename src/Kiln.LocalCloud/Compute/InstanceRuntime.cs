using System.Text;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>The podman side of instances: boot files, the container, its removal, and the state rows that go with it.</summary>
public sealed class InstanceRuntime(CloudServices cloud)
{
    /// <summary>Writes the boot directory and starts the container (about 1 s). An instance without a public address
    /// publishes no port, and its sshd refuses logins from this machine (podman's bridge gateway): it is reached only
    /// through another instance, as a bastion reaches a private subnet. Returns its bridge address then, else null.</summary>
    public async Task<string?> LaunchAsync(InstanceRecord instance, string? publicKey, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["authorized_keys"] = Encoding.UTF8.GetBytes(publicKey is null ? "" : publicKey.Trim() + "\n"),
        };
        // The instance's metadata as files (the local cloud's stand-in for EC2's metadata service): user data reads
        // /kiln-boot/meta-data/ami-id as it would `curl 169.254.169.254/latest/meta-data/ami-id`.
        foreach (var (name, value) in new[] { ("instance-id", instance.Id), ("ami-id", instance.ImageId),
                     ("instance-type", instance.InstanceType), ("local-ipv4", instance.Address), ("placement-availability-zone", instance.AvailabilityZone) })
            files[$"meta-data/{name}"] = Encoding.UTF8.GetBytes(value);
        if (instance.UserData is { } userData) files["user-data"] = DecodeUserData(userData);
        if (instance.NoPublicIp) files[BootScript.PrivateOnlyFile] = [];
        await cloud.Machines.StartNewAsync(new MachineSpec(
            instance.Id, cloud.Layout.PodmanImage(instance.ImageId), instance.Address, "ip-" + instance.Address.Replace('.', '-'),
            BootScript.For(instance.Id, instance.LoginUser, cloud.SshdDelay), files,
            cloud.State.Read(tx => PublishedPorts.For(tx, instance.SecurityGroupIds)), Published: !instance.NoPublicIp), ct);
        return instance.NoPublicIp ? await cloud.Podman.BridgeAddressAsync(cloud.Machines.ContainerName(instance.Id), ct) : null;
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
        await cloud.Machines.RemoveAsync(instanceId, ct);
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
