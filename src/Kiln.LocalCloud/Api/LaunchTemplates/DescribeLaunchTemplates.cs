using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

public static class DescribeLaunchTemplates
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var ids = Requests.Ids(p, "LaunchTemplateId", "lt", "InvalidLaunchTemplateId.Malformed");
        var names = p.List("LaunchTemplateName");
        var filters = FilterSet.Parse(p);
        var all = call.Cloud.State.Read(tx => tx.All<LaunchTemplateRecord>());
        if (ids.FirstOrDefault(i => all.All(t => t.Id != i)) is { } missing) throw LaunchTemplateResolver.NotFound(missing);
        if (names.FirstOrDefault(n => all.All(t => t.Name != n)) is { } missingName)
            throw new Ec2Exception("InvalidLaunchTemplateName.NotFoundException",
                $"At least one of the launch templates specified in the request does not exist: {missingName}");
        var shown = all.Where(t => (ids.Count == 0 || ids.Contains(t.Id)) && (names.Count == 0 || names.Contains(t.Name))
            && filters.Matches(f => f switch
            {
                "launch-template-name" => [t.Name],
                "create-time" => [Time(t.Created)],
                _ => null,
            }, t.Tags)).ToList();
        var (page, next) = Paging.Apply(shown, p, min: 1, max: 200);
        return Ec2Result.Of(Set("launchTemplates", page.Select(LaunchTemplateXml.Template)), Opt("nextToken", next));
    }
}
