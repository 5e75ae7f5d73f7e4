using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

public static class DescribeLaunchTemplateVersions
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var template = call.Cloud.State.Read(tx => LaunchTemplateResolver.Find(tx, p.Get("LaunchTemplateId"), p.Get("LaunchTemplateName")));
        var requested = p.List("LaunchTemplateVersion");
        var versions = requested.Count > 0
            ? requested.Select(v => LaunchTemplateResolver.Version(template, v)).DistinctBy(v => v.Number).ToList()
            : template.Versions.ToList();
        var min = p.Int("MinVersion");
        var max = p.Int("MaxVersion");
        var filters = FilterSet.Parse(p);
        var shown = versions.Where(v => (min is null || v.Number >= min) && (max is null || v.Number <= max)
            && filters.Matches(f => f switch
            {
                "is-default-version" => [v.Number == template.DefaultVersion ? "true" : "false"],
                "image-id" => [v.Data.ImageId],
                "instance-type" => [v.Data.InstanceType],
                _ => null,
            }, TagSet.Empty)).OrderBy(v => v.Number).ToList();
        var (page, next) = Paging.Apply(shown, p, min: 1, max: 200);
        return Ec2Result.Of(Set("launchTemplateVersionSet", page.Select(v => LaunchTemplateXml.Version(template, v))), Opt("nextToken", next));
    }
}
