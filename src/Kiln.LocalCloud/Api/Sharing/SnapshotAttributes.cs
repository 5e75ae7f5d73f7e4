using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Api.Images;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Sharing;

/// <summary>Modify/Describe/ResetSnapshotAttribute: create-volume permissions for accounts and `all`. An encrypted
/// snapshot cannot be made public, as in EC2.</summary>
public static class SnapshotAttributes
{
    public static Ec2Result Modify(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("SnapshotId"), "snap", "InvalidSnapshotID.Malformed");
        call.Cloud.State.Write(tx =>
        {
            var snapshot = RegionalImages.Snapshot(tx, id, call.Region);
            var shared = PermissionChanges.Apply(snapshot.Shared, p, "CreateVolumePermission", "UserGroup");
            shared = PermissionChanges.Apply(shared, new QueryParams(p.Values.Where(kv => kv.Key.StartsWith("GroupName.", StringComparison.Ordinal)
                    || kv.Key == "OperationType").ToDictionary(kv => kv.Key.Replace("GroupName.", "UserGroup.", StringComparison.Ordinal), kv => kv.Value)),
                "CreateVolumePermission", "UserGroup");
            if (snapshot.Encrypted && shared.IsPublic)
                throw new Ec2Exception("OperationNotPermitted", $"Encrypted snapshots with EBS default key cannot be shared publicly: {id} is encrypted.");
            tx.Put(snapshot with { Permissions = shared });
        });
        return Ec2Result.True;
    }

    public static Ec2Result Describe(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("SnapshotId"), "snap", "InvalidSnapshotID.Malformed");
        var attribute = p.Required("Attribute");
        var snapshot = call.Cloud.State.Read(tx => RegionalImages.Snapshot(tx, id, call.Region));
        var value = attribute switch
        {
            "createVolumePermission" => PermissionChanges.Xml("createVolumePermission", snapshot.Shared),
            "productCodes" => ImageXml.ProductCodes([]),
            _ => throw Ec2Errors.InvalidValue("Attribute", attribute, "Use createVolumePermission or productCodes."),
        };
        return Ec2Result.Of(E("snapshotId", snapshot.Id), value);
    }

    public static Ec2Result Reset(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("SnapshotId"), "snap", "InvalidSnapshotID.Malformed");
        call.Cloud.State.Write(tx =>
        {
            var snapshot = RegionalImages.Snapshot(tx, id, call.Region);
            tx.Put(snapshot with { Permissions = null });
        });
        return Ec2Result.True;
    }
}
