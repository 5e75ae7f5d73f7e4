using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Common;

/// <summary>Parameter groups several actions share: block device mappings, tag specifications, tags, ids.</summary>
public static class Requests
{
    /// <summary>A mapping as requested; VolumeSize null means "as the image has it". NoDevice removes the device.</summary>
    public sealed record BlockDeviceRequest(string DeviceName, int? VolumeSize, string? VolumeType, bool? DeleteOnTermination,
        string? SnapshotId, bool NoDevice);

    public static IReadOnlyList<BlockDeviceRequest> BlockDevices(QueryParams p, string name = "BlockDeviceMapping") =>
        p.Structs(name).Select(b =>
        {
            var size = b.Int("Ebs.VolumeSize");
            if (size is < 1 or > 16384)
                throw Ec2Errors.InvalidValue(b.FullName("Ebs.VolumeSize"), size.ToString(), "Volume size must be between 1 and 16384 GiB.");
            var type = b.Get("Ebs.VolumeType");
            if (type is not null && type is not ("gp2" or "gp3" or "io1" or "io2" or "st1" or "sc1" or "standard"))
                throw Ec2Errors.InvalidValue(b.FullName("Ebs.VolumeType"), type, "Volume type must be one of gp2, gp3, io1, io2, st1, sc1, standard.");
            return new BlockDeviceRequest(b.Required("DeviceName"), size, type, b.Bool("Ebs.DeleteOnTermination"),
                b.Get("Ebs.SnapshotId"), b.Get("NoDevice") is not null);
        }).ToList();

    /// <summary>Applies requested mappings over a base set: same device → overridden, new device → added.</summary>
    public static IReadOnlyList<BlockDevice> Merge(IReadOnlyList<BlockDevice> basis, IReadOnlyList<BlockDeviceRequest> requests)
    {
        var result = basis.ToList();
        foreach (var r in requests)
        {
            var i = result.FindIndex(b => b.DeviceName == r.DeviceName);
            if (r.NoDevice) { if (i >= 0) result.RemoveAt(i); continue; }
            if (i >= 0)
            {
                var b = result[i];
                if (r.VolumeSize is { } s && s < b.VolumeSize)
                    throw Ec2Errors.InvalidValue("BlockDeviceMapping.Ebs.VolumeSize", s.ToString(),
                        $"Volume of {s} GiB is smaller than snapshot {b.SnapshotId}, expect size >= {b.VolumeSize}GiB.");
                result[i] = b with
                {
                    VolumeSize = r.VolumeSize ?? b.VolumeSize, VolumeType = r.VolumeType ?? b.VolumeType,
                    DeleteOnTermination = r.DeleteOnTermination ?? b.DeleteOnTermination,
                };
            }
            else
                result.Add(new BlockDevice(r.DeviceName, r.SnapshotId, r.VolumeSize ?? 8, r.VolumeType ?? "gp2", r.DeleteOnTermination ?? true));
        }
        return result;
    }

    public static IReadOnlyList<TagSpecification> TagSpecifications(QueryParams p, string name = "TagSpecification") =>
        p.Structs(name).Select(s => new TagSpecification(s.Required("ResourceType"), Tags(s))).ToList();

    /// <summary>The tags a tag specification gives one resource type (e.g. `instance`, `image`, `snapshot`).</summary>
    public static IReadOnlyDictionary<string, string> TagsFor(IReadOnlyList<TagSpecification> specs, string resourceType) =>
        TagSet.Empty.With(specs.Where(s => s.ResourceType == resourceType).SelectMany(s => s.Tags));

    public static IReadOnlyDictionary<string, string> Tags(QueryParams p, string name = "Tag")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in p.Structs(name))
        {
            var key = t.Required("Key");
            if (key.Length > 128) throw Ec2Errors.InvalidValue(t.FullName("Key"), key, "Tag keys are at most 128 characters.");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Ec2Errors.Invalid($"Tag keys starting with 'aws:' are reserved for internal use: {key}");
            tags[key] = t.Get("Value") ?? "";
        }
        return tags;
    }

    /// <summary>Ids of one kind, each checked for shape (`…Malformed` with AWS's code for the kind).</summary>
    public static IReadOnlyList<string> Ids(QueryParams p, string name, string prefix, string malformedCode)
    {
        var ids = p.List(name);
        foreach (var id in ids) CheckId(id, prefix, malformedCode);
        return ids;
    }

    public static string CheckId(string id, string prefix, string malformedCode) =>
        ResourceIds.IsWellFormed(id, prefix) ? id : throw Ec2Errors.Malformed(malformedCode, id, prefix);
}
