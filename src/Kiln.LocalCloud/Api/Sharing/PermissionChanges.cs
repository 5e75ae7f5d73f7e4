using Kiln.Core.Cloud;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Sharing;

/// <summary>The permission changes of ModifyImageAttribute (launchPermission) and ModifySnapshotAttribute
/// (createVolumePermission), in both of EC2's spellings: `LaunchPermission.Add.1.UserId` / `.Group` (SDKs, CLI) and
/// the older `OperationType=add` with `UserId.1` and `UserGroup.1` (or `GroupName.1` for snapshots).</summary>
public static class PermissionChanges
{
    public static ImagePermissions Apply(ImagePermissions current, QueryParams p, string structName, string groupListName)
    {
        var users = current.Users.ToList();
        var groups = current.Groups.ToList();
        void Change(bool add, string? user, string? group)
        {
            if (user is not null)
            {
                if (!AwsRegions.IsAccountId(user))
                    throw new Ec2Exception("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{user}\" for userId item type: an account id is 12 digits.");
                if (add && !users.Contains(user)) users.Add(user);
                if (!add) users.Remove(user);
            }
            if (group is not null)
            {
                if (group != "all")
                    throw new Ec2Exception("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{group}\" for group item type: the only group is all.");
                if (add && !groups.Contains(group)) groups.Add(group);
                if (!add) groups.Remove(group);
            }
        }
        foreach (var (op, add) in new[] { ("Add", true), ("Remove", false) })
            foreach (var item in p.Structs($"{structName}.{op}"))
                Change(add, item.NonEmpty("UserId"), item.NonEmpty("Group"));
        if (p.Get("OperationType") is { } type)
        {
            if (type is not ("add" or "remove")) throw Ec2Errors.InvalidValue("OperationType", type, "Use add or remove.");
            foreach (var user in p.List("UserId")) Change(type == "add", user, null);
            foreach (var group in p.List(groupListName)) Change(type == "add", null, group);
        }
        return current with { Users = users, Groups = groups };
    }

    public static System.Xml.Linq.XElement Xml(string name, ImagePermissions permissions) =>
        Set(name, permissions.Users.Select(u => new object?[] { E("userId", u) })
            .Concat(permissions.Groups.Select(g => new object?[] { E("group", g) })));
}
