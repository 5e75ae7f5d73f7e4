using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.SecurityGroups;

/// <summary>DeleteSecurityGroup: refused with DependencyViolation while an instance that is not terminated uses it
/// (Packer retries on exactly this code while its instance shuts down).</summary>
public static class DeleteSecurityGroup
{
    public static Ec2Result Handle(Ec2Call call)
    {
        call.Cloud.State.Write(tx =>
        {
            var group = SecurityGroupXml.Find(tx, call.Params);
            if (group.Name == LocalAccount.DefaultGroupName)
                throw new Ec2Exception("CannotDelete", $"the specified group: \"{group.Id}\" name: \"default\" cannot be deleted by a user");
            if (tx.All<InstanceRecord>().FirstOrDefault(i => i.IsLive && i.SecurityGroupIds.Contains(group.Id)) is { } user)
                throw new Ec2Exception("DependencyViolation", $"resource {group.Id} has a dependent object ({user.Id})");
            if (tx.All<SecurityGroupRecord>().FirstOrDefault(g => g.Id != group.Id && g.Ingress.Any(p => p.GroupIds.Contains(group.Id))) is { } referrer)
                throw new Ec2Exception("DependencyViolation", $"resource {group.Id} has a dependent object (rule in {referrer.Id})");
            tx.Delete<SecurityGroupRecord>(group.Id);
        });
        return Ec2Result.True;
    }
}
