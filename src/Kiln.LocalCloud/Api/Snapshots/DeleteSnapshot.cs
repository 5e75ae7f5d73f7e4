using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Snapshots;

/// <summary>DeleteSnapshot, refused with InvalidSnapshot.InUse while a registered image uses it (as AWS does).</summary>
public static class DeleteSnapshot
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var id = Requests.CheckId(call.Params.Required("SnapshotId"), "snap", "InvalidSnapshotID.Malformed");
        call.Cloud.State.Write(tx =>
        {
            Images.RegionalImages.Snapshot(tx, id, call.Region);
            if (ImageSnapshots.UsedBy(tx, id) is { } image)
                throw new Ec2Exception("InvalidSnapshot.InUse", $"The snapshot {id} is currently in use by {image}");
            tx.Delete<SnapshotRecord>(id);
        });
        return Ec2Result.True;
    }
}
