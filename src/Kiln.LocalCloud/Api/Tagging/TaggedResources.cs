using Kiln.LocalCloud.Api.KeyPairs;
using Kiln.LocalCloud.Api.SecurityGroups;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Tagging;

/// <summary>Every taggable object, found by its id's prefix, as CreateTags/DeleteTags/DescribeTags see them.</summary>
public static class TaggedResources
{
    public delegate IReadOnlyDictionary<string, string> TagChange(IReadOnlyDictionary<string, string> tags);

    public static void Change(StateTx tx, string id, TagChange change)
    {
        var prefix = id.Contains('-') ? id[..id.IndexOf('-')] : "";
        if (!ResourceIds.IsWellFormed(id, prefix)) throw new Ec2Exception("InvalidID", $"The ID '{id}' is not valid");
        switch (prefix)
        {
            case "ami":
                var image = tx.Get<ImageRecord>(id) ?? throw Ec2Errors.NotFound("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist");
                tx.Put(image with { Tags = change(image.Tags) });
                break;
            case "i":
                var instance = tx.Get<InstanceRecord>(id) ?? throw Ec2Errors.NotFound("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");
                tx.Put(instance with { Tags = change(instance.Tags) });
                break;
            case "snap":
                var snap = tx.Get<SnapshotRecord>(id) ?? throw Ec2Errors.NotFound("InvalidSnapshot.NotFound", $"The snapshot '{id}' does not exist.");
                tx.Put(snap with { Tags = change(snap.Tags) });
                break;
            case "sg":
                var group = tx.Get<SecurityGroupRecord>(id) ?? throw SecurityGroupXml.NotFound(id);
                tx.Put(group with { Tags = change(group.Tags) });
                break;
            case "key":
                var key = tx.Get<KeyPairRecord>(id) ?? throw KeyPairXml.NotFound(id);
                tx.Put(key with { Tags = change(key.Tags) });
                break;
            case "lt":
                var template = tx.Get<LaunchTemplateRecord>(id)
                    ?? throw Ec2Errors.NotFound("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.");
                tx.Put(template with { Tags = change(template.Tags) });
                break;
            case "vol":
                var owner = tx.All<InstanceRecord>().FirstOrDefault(i => i.IsLive && i.Volumes.Any(v => v.VolumeId == id))
                    ?? throw Ec2Errors.NotFound("InvalidVolume.NotFound", $"The volume '{id}' does not exist.");
                tx.Put(owner with { Volumes = owner.Volumes.Select(v => v.VolumeId == id ? v with { Tags = change(v.Tags) } : v).ToList() });
                break;
            default:
                throw Ec2Errors.Invalid($"The local cloud cannot tag '{id}': taggable here are images, instances, volumes, snapshots, security groups, key pairs and launch templates");
        }
    }

    public static IEnumerable<(string Id, string Type, IReadOnlyDictionary<string, string> Tags)> All(StateTx tx)
    {
        foreach (var i in tx.All<ImageRecord>()) yield return (i.Id, "image", i.Tags);
        foreach (var i in tx.All<InstanceRecord>().Where(i => i.State != "terminated"))
        {
            yield return (i.Id, "instance", i.Tags);
            foreach (var v in i.Volumes) yield return (v.VolumeId, "volume", v.Tags);
        }
        foreach (var s in tx.All<SnapshotRecord>()) yield return (s.Id, "snapshot", s.Tags);
        foreach (var g in tx.All<SecurityGroupRecord>()) yield return (g.Id, "security-group", g.Tags);
        foreach (var k in tx.All<KeyPairRecord>()) yield return (k.Id, "key-pair", k.Tags);
        foreach (var t in tx.All<LaunchTemplateRecord>()) yield return (t.Id, "launch-template", t.Tags);
    }
}
