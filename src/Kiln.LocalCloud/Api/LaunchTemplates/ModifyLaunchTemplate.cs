using Kiln.LocalCloud.Hosting;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

/// <summary>ModifyLaunchTemplate: sets the default version (`SetDefaultVersion`).</summary>
public static class ModifyLaunchTemplate
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var template = call.Cloud.State.Write(tx =>
        {
            var t = LaunchTemplateResolver.Find(tx, p.Get("LaunchTemplateId"), p.Get("LaunchTemplateName"));
            if (p.Get("SetDefaultVersion") is not { } version) return t;
            var updated = t with { DefaultVersion = LaunchTemplateResolver.Version(t, version).Number };
            tx.Put(updated);
            return updated;
        });
        return Ec2Result.Of(E("launchTemplate", LaunchTemplateXml.Template(template)));
    }
}
