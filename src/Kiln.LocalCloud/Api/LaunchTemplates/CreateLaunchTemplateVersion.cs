using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

/// <summary>A new version (latest + 1); with SourceVersion, the given data is laid over that version's.</summary>
public static class CreateLaunchTemplateVersion
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var (template, version) = call.Cloud.State.Write(tx =>
        {
            var t = LaunchTemplateResolver.Find(tx, p.Get("LaunchTemplateId"), p.Get("LaunchTemplateName"));
            var source = p.Get("SourceVersion") is { } sv ? LaunchTemplateResolver.Version(t, sv).Data : null;
            var v = new LaunchTemplateVersion(t.LatestVersion + 1, p.Get("VersionDescription"), call.Cloud.Now,
                LaunchTemplateDataParser.Parse(p.Sub("LaunchTemplateData"), source));
            var updated = t with { LatestVersion = v.Number, Versions = [.. t.Versions, v] };
            tx.Put(updated);
            return (updated, v);
        });
        return Ec2Result.Of(E("launchTemplateVersion", LaunchTemplateXml.Version(template, version)));
    }
}
