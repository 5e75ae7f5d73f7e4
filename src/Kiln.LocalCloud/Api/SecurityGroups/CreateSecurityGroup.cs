using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.SecurityGroups;

/// <summary>CreateSecurityGroup in the one VPC, with EC2's default egress rule (all traffic out). Rules are recorded,
/// not enforced: every instance is on loopback.</summary>
public static class CreateSecurityGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = p.Required("GroupName");
        var description = p.Required("GroupDescription");
        var vpc = p.NonEmpty("VpcId") ?? LocalAccount.VpcId;
        if (vpc != LocalAccount.VpcId) throw Ec2Errors.NotFound("InvalidVpcID.NotFound", $"The vpc ID '{vpc}' does not exist");
        if (name.Length > 255) throw Ec2Errors.InvalidValue("GroupName", name, "Group names are up to 255 characters.");
        if (name.StartsWith("sg-", StringComparison.Ordinal)) throw Ec2Errors.InvalidValue("GroupName", name, "Group names may not start with sg-.");
        if (name == LocalAccount.DefaultGroupName)
            throw Ec2Errors.InvalidValue("GroupName", name, "Cannot use reserved security group name: default.");
        var tags = Requests.TagsFor(Requests.TagSpecifications(p), "security-group");
        var group = new SecurityGroupRecord(ResourceIds.New("sg"), name, description, vpc, [], [LocalAccount.AllTraffic],
            call.Cloud.Now, tags);
        call.Cloud.State.Write(tx =>
        {
            if (tx.ByName<SecurityGroupRecord>(name) is not null)
                throw new Ec2Exception("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpc}'");
            tx.Put(group);
        });
        return Ec2Result.Of(Return(), E("groupId", group.Id), Tags(tags));
    }
}
