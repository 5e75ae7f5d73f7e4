using System.Collections.Concurrent;
using Amazon.EC2;
using Amazon.EC2.Model;
using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;

namespace Kiln.Aws;

/// <summary>Images across regions and accounts: CopyImage, launch and create-volume permissions, product codes.</summary>
public sealed partial class AwsCloud
{
    private readonly ConcurrentDictionary<string, AwsCloud> _regions = new(StringComparer.Ordinal);

    public string Region { get; init; } = "";
    /// <summary>Makes the cloud of another region (set by <see cref="AwsCloudFactory"/>).</summary>
    public Func<string, AwsCloud>? RegionFactory { get; init; }

    public IMultiRegionCloud InRegion(string region) =>
        region == Region ? this
        : _regions.GetOrAdd(region, r => (RegionFactory ?? throw new InvalidOperationException("this cloud reaches one region only"))(r));

    public async Task<ImageId> CopyImageAsync(string sourceRegion, ImageId source, string name, string? description,
        bool encrypted, string? kmsKeyId, CancellationToken ct)
    {
        var response = await CallAsync(c => Ec2.CopyImageAsync(new CopyImageRequest
        {
            SourceRegion = sourceRegion, SourceImageId = source.Value, Name = name, Description = description,
            Encrypted = encrypted ? true : null, KmsKeyId = kmsKeyId,
        }, c), ct, source.Value);
        Remember(response.ImageId);
        return new ImageId(response.ImageId);
    }

    public async Task ShareImageAsync(ImageId image, IReadOnlyList<SnapshotId> snapshots, ImageSharing sharing, CancellationToken ct)
    {
        var launch = sharing.Users.Select(u => new LaunchPermission { UserId = u })
            .Concat(sharing.Groups.Select(g => new LaunchPermission { Group = PermissionGroup.FindValue(g) })).ToList();
        if (launch.Count > 0)
            await CallAsync(c => Ec2.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
            {
                ImageId = image.Value, LaunchPermission = new LaunchPermissionModifications { Add = launch },
            }, c), ct, image.Value);
        if (sharing.ProductCodes.Count > 0)
            await CallAsync(c => Ec2.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
            {
                ImageId = image.Value, ProductCodes = [.. sharing.ProductCodes],
            }, c), ct, image.Value);
        var volume = sharing.SnapshotUsers.Select(u => new CreateVolumePermission { UserId = u })
            .Concat(sharing.SnapshotGroups.Select(g => new CreateVolumePermission { Group = PermissionGroup.FindValue(g) })).ToList();
        if (volume.Count == 0) return;
        foreach (var snapshot in snapshots)
            await CallAsync(c => Ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
            {
                SnapshotId = snapshot.Value, CreateVolumePermission = new CreateVolumePermissionModifications { Add = volume },
            }, c), ct, snapshot.Value);
    }

    private void DisposeRegions()
    {
        foreach (var cloud in _regions.Values) cloud.Dispose();
        _regions.Clear();
    }
}
