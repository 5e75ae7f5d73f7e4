using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.SecurityGroups;

public static class DescribeSecurityGroups
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = Requests.Ids(p, "GroupId", "sg", "InvalidGroupId.Malformed");
        var names = p.List("GroupName");
        var filters = FilterSet.Parse(p);
        var all = call.Cloud.State.Write(tx =>
        {
            LocalAccount.EnsureDefaultGroup(tx, call.Cloud.Now);
            return tx.All<SecurityGroupRecord>();
        });
        if (ids.FirstOrDefault(i => all.All(g => g.Id != i)) is { } missingId) throw SecurityGroupXml.NotFound(missingId);
        if (names.FirstOrDefault(n => all.All(g => g.Name != n)) is { } missingName) throw SecurityGroupXml.NotFound(missingName);
        var groups = all.Where(g => (ids.Count == 0 || ids.Contains(g.Id)) && (names.Count == 0 || names.Contains(g.Name))
                                    && filters.Matches(f => SecurityGroupXml.FilterValues(g, f), g.Tags)).ToList();
        var (page, next) = Paging.Apply(groups, p);
        return Ec2Result.Of(Set("securityGroupInfo", page.Select(SecurityGroupXml.Item)), Opt("nextToken", next));
    }
}
