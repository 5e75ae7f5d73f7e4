using System.Globalization;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Snapshots;

public static class SnapshotXml
{
    public static object?[] Item(SnapshotRecord s) =>
    [
        E("snapshotId", s.Id),
        E("volumeId", s.VolumeId),
        E("status", s.State),
        E("startTime", s.Created),
        E("progress", "100%"),
        E("ownerId", LocalAccount.Id),
        E("volumeSize", s.VolumeSize),
        Opt("description", s.Description),
        E("encrypted", s.Encrypted),
        Opt("kmsKeyId", s.KmsKeyId),
        Tags(s.Tags),
        E("storageTier", "standard"),
    ];

    public static IEnumerable<string?>? FilterValues(SnapshotRecord s, string filter) => filter switch
    {
        "snapshot-id" => [s.Id],
        "volume-id" => [s.VolumeId],
        "status" => [s.State],
        "owner-id" => [LocalAccount.Id],
        "description" => [s.Description],
        "volume-size" => [s.VolumeSize.ToString(CultureInfo.InvariantCulture)],
        "encrypted" => [s.Encrypted ? "true" : "false"],
        "kms-key-id" => [s.KmsKeyId],
        "progress" => ["100%"],
        "start-time" => [Time(s.Created)],
        _ => null,
    };
}
