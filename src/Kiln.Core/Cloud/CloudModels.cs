namespace Kiln.Core.Cloud;

public enum ImageState { Pending, Available, Failed, Deregistered, Other }

public static class ImageStates
{
    /// <summary>An image state as EC2 names it (DescribeImages' `imageState`, which the local cloud stores too).</summary>
    public static ImageState FromEc2(string? state) => state switch
    {
        "available" => ImageState.Available,
        "pending" => ImageState.Pending,
        "failed" or "error" or "invalid" => ImageState.Failed,
        "deregistered" => ImageState.Deregistered,
        _ => ImageState.Other,
    };
}

public sealed record CloudImage(
    ImageId Id, string Name, ImageState State, DateTimeOffset Created,
    IReadOnlyList<SnapshotId> Snapshots, IReadOnlyDictionary<string, string> Tags, string? Description = null,
    string? Owner = null, string? OwnerAlias = null);

public enum InstanceState { Pending, Running, ShuttingDown, Terminated, Stopping, Stopped, Other }

public sealed record CloudInstance(
    InstanceId Id, InstanceState State, string? PublicIp, string? PrivateIp, ImageId Image,
    IReadOnlyDictionary<string, string> Tags, string? StateReason = null)
{
    /// <summary>The address to SSH to: public when there is one, as Packer's default ssh_interface does.</summary>
    public string? Address => PublicIp ?? PrivateIp;
}

public sealed record RootVolume(string DeviceName = "/dev/xvda", int SizeGb = 50, string VolumeType = "gp2");

public sealed record InstanceRequest(
    ImageId Image, string InstanceType, KeyPairName KeyPair, SecurityGroupId SecurityGroup,
    IReadOnlyDictionary<string, string> Tags, RootVolume? RootVolume = null, string? UserData = null,
    string? SubnetId = null, bool? AssociatePublicIp = null, string? ShutdownBehavior = null);

/// <summary>A key pair's private key (PEM/OpenSSH). Never logged: ToString hides it.</summary>
public sealed record KeyPairMaterial(KeyPairName Name, string PrivateKey)
{
    public override string ToString() => $"KeyPairMaterial {{ Name = {Name}, PrivateKey = *** }}";
}
