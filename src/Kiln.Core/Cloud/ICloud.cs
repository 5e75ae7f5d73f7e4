namespace Kiln.Core.Cloud;

/// <summary>The narrow cloud port the bake engine, retention and gc use. One implementation per provider
/// (AWS over AWSSDK.EC2, which also reaches the local cloud). Every call passes its token down to the SDK.
/// Not-found on delete is success: cleanup is idempotent.</summary>
public interface ICloud
{
    /// <summary>"local", "aws:ap-northeast-1", …: shown in run records.</summary>
    string Describe { get; }

    Task<IReadOnlyList<CloudImage>> FindImagesAsync(string nameFilter, CancellationToken ct);
    Task<CloudImage?> GetImageAsync(ImageId id, CancellationToken ct);
    Task<IReadOnlyList<CloudImage>> FindImagesByTagAsync(string key, string value, CancellationToken ct);

    Task<KeyPairMaterial> CreateKeyPairAsync(KeyPairName name, IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    /// <summary><paramref name="keyType"/>: `rsa` or `ed25519` (EC2's KeyType).</summary>
    Task<KeyPairMaterial> CreateKeyPairAsync(KeyPairName name, IReadOnlyDictionary<string, string> tags, string keyType, CancellationToken ct);
    Task DeleteKeyPairAsync(KeyPairName name, CancellationToken ct);
    Task<IReadOnlyList<KeyPairName>> FindKeyPairsByTagAsync(string key, string value, CancellationToken ct);

    /// <summary>A group allowing TCP <paramref name="port"/> from <paramref name="cidr"/> only.</summary>
    Task<SecurityGroupId> CreateSecurityGroupAsync(string name, string description, string cidr, int port,
        IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    Task DeleteSecurityGroupAsync(SecurityGroupId id, CancellationToken ct);
    Task<IReadOnlyList<SecurityGroupId>> FindSecurityGroupsByTagAsync(string key, string value, CancellationToken ct);

    Task<InstanceId> RunInstanceAsync(InstanceRequest request, CancellationToken ct);
    /// <summary>Null when the cloud does not know the id (yet: EC2 is eventually consistent).</summary>
    Task<CloudInstance?> GetInstanceAsync(InstanceId id, CancellationToken ct);
    Task<IReadOnlyList<CloudInstance>> FindInstancesByTagAsync(string key, string value, CancellationToken ct);
    Task StopInstanceAsync(InstanceId id, CancellationToken ct);
    Task TerminateInstanceAsync(InstanceId id, CancellationToken ct);

    Task<ImageId> CreateImageAsync(InstanceId instance, string name, string description,
        IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    Task TagAsync(string resourceId, IReadOnlyDictionary<string, string> tags, CancellationToken ct);
    Task DeregisterImageAsync(ImageId id, CancellationToken ct);
    Task DeleteSnapshotAsync(SnapshotId id, CancellationToken ct);

    /// <summary>Images that must not be deleted, with the reason: used by an instance, a launch template
    /// version or an Auto Scaling group.</summary>
    Task<IReadOnlyDictionary<ImageId, string>> FindImagesInUseAsync(CancellationToken ct);
}
