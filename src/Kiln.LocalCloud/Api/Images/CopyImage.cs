using Kiln.Core.Cloud;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>
/// CopyImage into the region the request is signed for, from SourceRegion: a new image id whose podman image is a
/// second name of the source's (no bytes are copied), with snapshots of its own. `Encrypted` (or an encrypted
/// source) makes the copy's snapshots encrypted with `KmsKeyId` (EBS's default key when none is given). The key is
/// checked for its form and, for an ARN, its region, as EC2 requires a key of the destination region; no KMS is
/// emulated beyond that. Launch permissions are not copied (EC2 does not copy them either).
/// </summary>
public static class CopyImage
{
    public static async Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct)
    {
        var p = call.Params;
        var sourceRegion = p.Required("SourceRegion");
        if (!AvailabilityZones.KnownRegions.Contains(sourceRegion) && sourceRegion != call.Region)
            throw Ec2Errors.InvalidValue("SourceRegion", sourceRegion, "It is not a region.");
        var sourceId = Requests.CheckId(p.Required("SourceImageId"), "ami", "InvalidAMIID.Malformed");
        var name = p.Required("Name");
        var encrypted = p.Bool("Encrypted") ?? false;
        var key = p.NonEmpty("KmsKeyId");
        if (key is not null)
        {
            if (!encrypted) throw Ec2Errors.Combination("KmsKeyId requires Encrypted to be true.");
            if (!KmsKeyIds.IsValid(key)) throw Ec2Errors.InvalidValue("KmsKeyId", key, "It is not a KMS key id, key ARN, alias or alias ARN.");
            if (KmsKeyIds.RegionOf(key) is { } keyRegion && keyRegion != call.Region)
                throw Ec2Errors.InvalidValue("KmsKeyId", key, $"The KMS key is in {keyRegion}; a copy to {call.Region} needs a key of {call.Region}.");
        }
        var tags = Requests.TagsFor(Requests.TagSpecifications(p), "image");
        var snapshotTags = Requests.TagsFor(Requests.TagSpecifications(p), "snapshot");
        var cloud = call.Cloud;

        var (source, copy) = cloud.State.Write(tx =>
        {
            var source = RegionalImages.Image(tx, sourceId, sourceRegion);
            if (source.State != "available")
                throw new Ec2Exception("InvalidAMIID.Unavailable", $"The image id '[{sourceId}]' is not available (state {source.State})");
            if (RegionalImages.Named(tx, name, call.Region) is { } taken)
                throw new Ec2Exception("InvalidAMIName.Duplicate", $"AMI name {name} is already in use by AMI {taken.Id}");
            var devices = source.BlockDevices.Select(b => b with
            {
                SnapshotId = b.SnapshotId is null ? null : ResourceIds.New("snap"),
                Encrypted = encrypted || b.Encrypted,
                KmsKeyId = !(encrypted || b.Encrypted) ? null
                    : key is not null ? KmsKeyIds.ToArn(key, call.Region, LocalAccount.Id)
                    : b.Encrypted && sourceRegion == call.Region && b.KmsKeyId is not null ? b.KmsKeyId
                    : KmsKeyIds.DefaultArn(call.Region, LocalAccount.Id),
            }).ToList();
            var allTags = (p.Bool("CopyImageTags") ?? false) ? source.Tags.Concat(tags).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value) : tags;
            var copy = new ImageRecord(ResourceIds.New("ami"), name,
                p.Get("Description") ?? $"[Copied {source.Id} from {sourceRegion}] {source.Name}", "pending", cloud.Now,
                source.LoginUser, devices, allTags, null, source.RootDeviceName, call.Region,
                EnaSupport: source.EnaSupport, SriovNetSupport: source.SriovNetSupport, ImdsSupport: source.ImdsSupport);
            tx.Put(copy);
            return (source, copy);
        });

        try { await cloud.Podman.TagAsync(cloud.Layout.PodmanImage(source.Id), cloud.Layout.PodmanImage(copy.Id), ct); }
        catch
        {
            cloud.State.Write(tx => { tx.Delete<ImageRecord>(copy.Id); });
            throw;
        }
        cloud.State.Write(tx =>
        {
            if (tx.Get<ImageRecord>(copy.Id) is not { } current) return; // deregistered meanwhile
            tx.Put(current with { State = "available" });
            foreach (var snap in ImageSnapshots.For(copy, $"Copied for DestinationAmi {copy.Id} from SourceAmi {source.Id}", cloud.Now, snapshotTags))
                tx.Put(snap);
        });
        return Ec2Result.Of(E("imageId", copy.Id));
    }
}
